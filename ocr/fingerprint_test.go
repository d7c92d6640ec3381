package ocr

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// fakeTesseract writes a tesseract that answers its version and language
// list as version would, its language data in a directory of their own.
func fakeTesseract(t *testing.T, version, engData string) programs {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "tessdata")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	for lang, content := range map[string]string{"eng": engData, "spa": "spa data", "osd": "osd data"} {
		if err := os.WriteFile(filepath.Join(data, lang+".traineddata"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := "#!/bin/sh\ncase \"$1\" in\n--version) printf 'tesseract " + version + "\\n leptonica-1.82.0\\n  libgif 5.2.1\\n';;\n" +
		"--list-langs) printf 'List of available languages in \"" + data + "/\" (3):\\neng\\nosd\\nspa\\n';;\nesac\n"
	tesseract := filepath.Join(dir, "tesseract")
	if err := os.WriteFile(tesseract, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return programs{tesseract: tesseract}
}

// TestFingerprintNamesWhatChangesText gives each change of what decides a
// read's text (tesseract's version, its language data, the languages, the
// page cap) a fingerprint of its own, and the same setup the same one.
func TestFingerprintNamesWhatChangesText(t *testing.T) {
	t.Parallel()
	old := fakeTesseract(t, "5.3.0", "eng data")
	fingerprint := func(r *Reader, p programs) string {
		t.Helper()
		fp, err := r.fingerprint(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(fp) {
			t.Fatalf("fingerprint %q, want 16 hex digits", fp)
		}
		return fp
	}
	base := fingerprint(&Reader{}, old)
	if again := fingerprint(&Reader{TempDir: t.TempDir(), Background: true}, fakeTesseract(t, "5.3.0", "eng data")); again != base {
		t.Errorf("same tesseract, data and settings: fingerprint %s, then %s", base, again)
	}
	for _, c := range []struct {
		name string
		r    *Reader
		p    programs
	}{
		{"tesseract upgraded", &Reader{}, fakeTesseract(t, "5.4.1", "eng data")},
		{"English data upgraded", &Reader{}, fakeTesseract(t, "5.3.0", "eng data, newer")},
		{"English alone", &Reader{Languages: "eng"}, old},
		{"fewer pages", &Reader{MaxPages: 5}, old},
	} {
		if fp := fingerprint(c.r, c.p); fp == base {
			t.Errorf("%s: fingerprint %s unchanged", c.name, fp)
		}
	}
	if _, err := (&Reader{}).fingerprint(t.Context(), programs{}); err == nil {
		t.Error("fingerprint without tesseract: no error")
	}
}
