package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// twoLevelStore makes the blob store of c's data dir as claimdesk wrote it
// before the one-level layout, holding content, and returns the blob's old
// and new paths.
func twoLevelStore(t *testing.T, c *cli, content string) (oldPath, newPath string) {
	t.Helper()
	blobs := filepath.Join(c.env["CLAIMDESK_DATA_DIR"], "blobs")
	sum := sha256.Sum256([]byte(content))
	sha := hex.EncodeToString(sum[:])
	oldPath = filepath.Join(blobs, "sha256", sha[:2], sha[2:4], sha)
	if err := os.MkdirAll(filepath.Dir(oldPath), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(oldPath, []byte(content), 0o640); err != nil {
		t.Fatal(err)
	}
	return oldPath, filepath.Join(blobs, "sha256", sha[:2], sha)
}

func TestMigrateMovesContentBlobsOneLevelUp(t *testing.T) {
	c := newCLI(t)
	oldPath, newPath := twoLevelStore(t, c, "%PDF the signed ATP")
	code, out, errOut := c.run("", "migrate")
	if code != 0 || !strings.Contains(out, "moved 1 content blobs one directory up") {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got, err := os.ReadFile(newPath); string(got) != "%PDF the signed ATP" {
		t.Errorf("new path holds %q (%v)", got, err)
	}
	if _, err := os.Stat(oldPath); !os.IsNotExist(err) {
		t.Errorf("old path still there (%v)", err)
	}
	if code, out, _ := c.run("", "migrate"); code != 0 || strings.Contains(out, "moved") {
		t.Errorf("migrate again: exit %d, stdout %q", code, out)
	}
}

func TestServeMovesContentBlobsOneLevelUp(t *testing.T) {
	c := newCLI(t)
	c.env["CLAIMDESK_HTTP_ADDR"] = "127.0.0.1:0"
	oldPath, newPath := twoLevelStore(t, c, "JFIF the kitchen")
	startServe(t, func(k string) string { return c.env[k] })
	waitFor(t, time.Minute, func() bool {
		_, errOld := os.Stat(oldPath)
		_, errNew := os.Stat(newPath)
		return os.IsNotExist(errOld) && errNew == nil
	})
}
