package ocr

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// versionTimeout bounds asking a program its version.
const versionTimeout = 10 * time.Second

// Fingerprint names, in 16 hex digits, what decides the text a read gives
// besides the file: the versions of tesseract and poppler's renderer, the
// language data read (orientation detection's among them), the languages
// and the page settings. Texts kept by file content are kept under it too,
// so that an upgraded tesseract or other settings never serve texts read
// before. It fails where OCR is not installed.
func (r *Reader) Fingerprint(ctx context.Context) (string, error) {
	return r.fingerprint(ctx, lookPrograms())
}

// fingerprint is Fingerprint with the programs p.
func (r *Reader) fingerprint(ctx context.Context, p programs) (string, error) {
	if p.tesseract == "" {
		return "", ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	version, err := programOutput(ctx, p.tesseract, "--version")
	if err != nil {
		return "", err
	}
	langs, err := programOutput(ctx, p.tesseract, "--list-langs")
	if err != nil {
		return "", err
	}
	var renderer []byte
	if p.pdftoppm != "" {
		if renderer, err = programOutput(ctx, p.pdftoppm, "-v"); err != nil {
			return "", err
		}
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", r.settings(), firstLines(version, 2), firstLines(renderer, 1))
	if err := hashLanguageData(h, tessdataDir(langs), append(strings.Split(r.languages(), "+"), "osd")); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// settings are the Reader's settings that change the text it reads:
// languages, page cap, and how pages are rendered and laid out.
func (r *Reader) settings() string {
	maxPages := r.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return fmt.Sprintf("languages=%s max_pages=%d dpi=%d grey psm=1", r.languages(), maxPages, rasterDPI)
}

// programOutput runs a program of this machine's (not one given a file)
// and returns what it wrote to either output.
func programOutput(ctx context.Context, program string, args ...string) ([]byte, error) {
	out, err := exec.CommandContext(ctx, program, args...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ocr: %s %s: %w", filepath.Base(program), strings.Join(args, " "), err)
	}
	return out, nil
}

// firstLines returns the first n lines of out: version lines, without the
// library lists and paths that follow them.
func firstLines(out []byte, n int) string {
	lines := strings.SplitN(string(out), "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// tessdataDir is the language data directory tesseract --list-langs names
// on its first line, in quotes.
func tessdataDir(listLangs []byte) string {
	_, rest, _ := strings.Cut(firstLines(listLangs, 1), `"`)
	dir, _, _ := strings.Cut(rest, `"`)
	return dir
}

// hashLanguageData adds the content of each language's data in dir to h;
// a language without data adds its name alone (tesseract then fails to
// read, or reads without it).
func hashLanguageData(h io.Writer, dir string, langs []string) error {
	for _, lang := range langs {
		fmt.Fprintf(h, "%s\x00", lang)
		if dir == "" || strings.ContainsAny(lang, `/\`) {
			continue
		}
		f, err := os.Open(filepath.Join(dir, lang+".traineddata"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("ocr: language data: %w", err)
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("ocr: language data %s: %w", lang, err)
		}
	}
	return nil
}
