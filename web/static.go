package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

//go:embed static
var staticFiles embed.FS

// asset is one embedded static file and the version pages ask for it by.
type asset struct {
	body    []byte
	version string
}

// assets are the static files by name, read once: they never change while
// the binary runs.
var assets = func() map[string]asset {
	m := map[string]asset{}
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		m[e.Name()] = asset{body: b, version: hex.EncodeToString(sum[:6])}
	}
	return m
}()

// staticURL is the address pages link an asset by. The version in it
// changes with the content, so browsers may cache each address forever.
func staticURL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("no static asset " + name)
	}
	return "/static/" + name + "?v=" + a.version
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if r.URL.Query().Get("v") == a.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+a.version+`"`)
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		h.Set("Content-Type", ct)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}
