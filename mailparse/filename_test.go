package mailparse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("x", 1000)
	tests := []struct {
		in, want string
	}{
		{"Drying Log 26-1001-WTR.pdf", "Drying Log 26-1001-WTR.pdf"},
		{"../../etc/passwd", "passwd"},
		{`..\..\Windows\System32\cmd.exe`, "cmd.exe"},
		{`C:\Users\tech\Desktop\IMG_0001.JPG`, "IMG_0001.JPG"},
		{"evil\x00.pdf", "evil.pdf"},
		{"a\x01b\x7fc\u0085d.pdf", "abc d.pdf"}, // NEL is a line break
		{"invoice\u202efdp.exe", "invoicefdp.exe"},
		{".htaccess", "htaccess"},
		{"...", "attachment"},
		{"", "attachment"},
		{"   ", "attachment"},
		{"/", "attachment"},
		{"CON.txt", "_CON.txt"},
		{"con", "_con"},
		{"LPT1.pdf", "_LPT1.pdf"},
		{"COM¹.pdf", "_COM¹.pdf"},
		{"CONSOLE.pdf", "CONSOLE.pdf"},
		{"report.pdf.", "report.pdf"},
		{"tab\tand\nnewline.pdf", "tab and newline.pdf"},
		{"what?<now>|*.pdf", "what__now___.pdf"},
		{"RE: estimate.pdf", "RE_ estimate.pdf"},
		{"caf\xe9.pdf", "caf_.pdf"},
		{"Certificado de satisfacción – firmado.pdf", "Certificado de satisfacción – firmado.pdf"},
		{"Certificado de satisfaccio\u0301n.pdf", "Certificado de satisfacción.pdf"}, // NFD from macOS
		{long + ".pdf", strings.Repeat("x", 196) + ".pdf"},
		{strings.Repeat("é", 150) + ".jpeg", strings.Repeat("é", 97) + ".jpeg"},
		{long, strings.Repeat("x", 200)},
		{"a." + long, "a." + strings.Repeat("x", 198)},
	}
	for _, tt := range tests {
		if got := SanitizeFilename(tt.in); got != tt.want {
			t.Errorf("SanitizeFilename(%.60q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFallbackFilename(t *testing.T) {
	for ct, want := range map[string]string{
		"application/pdf":          "attachment-3.pdf",
		"image/jpeg":               "attachment-3.jpg",
		"message/rfc822":           "attachment-3.eml",
		"application/x-never-seen": "attachment-3.bin",
	} {
		if got := mimeFallbackFilename(3, ct); got != want {
			t.Errorf("mimeFallbackFilename(3, %s) = %q, want %q", ct, got, want)
		}
	}
}

func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{
		"../../etc/passwd", "evil\x00.pdf", strings.Repeat("A", 1000) + ".pdf", "CON.txt",
		`..\..\x.exe`, "invoice\u202efdp.exe", ".hidden", "é\u0301.pdf", "caf\xe9", " . . ",
		"Certificado de satisfacción – firmado.pdf",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := SanitizeFilename(name)
		switch {
		case got == "":
			t.Fatal("empty name")
		case len(got) > MaxFilenameBytes:
			t.Fatalf("%d bytes", len(got))
		case !utf8.ValidString(got):
			t.Fatalf("invalid UTF-8 %q", got)
		case strings.ContainsAny(got, "/\\"):
			t.Fatalf("path separator in %q", got)
		case strings.HasPrefix(got, "."), strings.HasSuffix(got, "."), strings.HasPrefix(got, " "), strings.HasSuffix(got, " "):
			t.Fatalf("leading or trailing dot or space in %q", got)
		case mimeIsReservedWindowsName(got):
			t.Fatalf("reserved name %q", got)
		}
		for _, r := range got {
			if r < 0x20 || (r >= 0x7f && r <= 0x9f) || mimeIsBidiControl(r) {
				t.Fatalf("control character %U in %q", r, got)
			}
		}
		if again := SanitizeFilename(got); again != got {
			t.Fatalf("not idempotent: %q -> %q", got, again)
		}
	})
}
