package mailparse

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxFilenameBytes is the longest display filename SanitizeFilename returns.
// 200 leaves room for a folder prefix within the 255-byte name limit of
// common filesystems when a user saves the download.
const MaxFilenameBytes = 200

// mimeMaxExtensionBytes bounds what counts as an extension when a long name is
// shortened: anything longer is more likely part of the name than a type.
const mimeMaxExtensionBytes = 16

// SanitizeFilename turns an attachment's declared filename into a name that
// is safe to show and to offer in a download: no path components, no control
// or bidirectional-override characters, no leading dots, no reserved Windows
// device name, valid UTF-8 (NFC), at most MaxFilenameBytes bytes with the
// extension kept, and never empty ("attachment" when nothing is left).
// The result is for display only; it is never a filesystem path.
func SanitizeFilename(name string) string {
	s := mimeSanitizeFilename(name)
	if s == "" {
		return "attachment"
	}
	return s
}

// SanitizeStem is SanitizeFilename for the stem of a name the caller ends
// with its own extension of extBytes bytes: "" when nothing usable is left
// (the caller picks its own fallback), and short enough that stem and
// extension stay within MaxFilenameBytes.
func SanitizeStem(name string, extBytes int) string {
	return strings.TrimRight(mimeCutUTF8(mimeSanitizeFilename(name), MaxFilenameBytes-extBytes), ". ")
}

// mimeSanitizeFilename is SanitizeFilename without the fallback, so callers that
// know the part's content type can build a better one.
func mimeSanitizeFilename(name string) string {
	if len(name) > 64<<10 {
		// Bound the work on hostile input; only the tail can survive the
		// path stripping below, and it is cut to 200 bytes anyway.
		name = name[len(name)-64<<10:]
	}
	name = strings.ToValidUTF8(name, "_")

	// Both separators count: a Windows client's "C:\Users\x\scan.pdf" and a
	// hostile "../../etc/passwd" must each end as their last component.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}

	var b strings.Builder
	b.Grow(len(name))
	space := false
	for _, r := range name {
		switch {
		case r == utf8.RuneError:
			r = '_'
		case unicode.IsSpace(r):
			// Tabs and newlines become one space: they would break a
			// Content-Disposition header or a listing.
			space = true
			continue
		case unicode.IsControl(r), mimeIsBidiControl(r), r == '\uFEFF':
			// Bidi overrides can make "evil\u202Efdp.exe" display as
			// "evilexe.pdf"; control characters have no business in a name.
			continue
		case strings.ContainsRune(`<>:"|?*`, r):
			// Characters Windows refuses in names; a user saving the
			// download there would otherwise get an error or a surprise.
			r = '_'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	// Apple clients send decomposed (NFD) names; composing them makes the
	// same name compare equal whatever client sent it. Composed after the
	// removals above, which can bring a letter and its accent together.
	s := norm.NFC.String(b.String())

	// Leading dots hide files on Unix and turn "..." into a path element;
	// trailing dots and spaces are silently dropped by Windows.
	s = strings.TrimLeft(s, ". ")
	s = strings.TrimRight(s, ". ")
	if s == "" {
		return ""
	}
	if mimeIsReservedWindowsName(s) {
		s = "_" + s
	}
	return mimeTruncateFilename(s, MaxFilenameBytes)
}

// mimeIsBidiControl reports the explicit directional formatting characters that
// can disguise a name's real extension.
func mimeIsBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// mimeIsReservedWindowsName reports whether the part before the first dot is a
// DOS device name (CON, NUL, COM1, ...), which Windows treats as a device
// whatever the extension.
func mimeIsReservedWindowsName(s string) bool {
	base := s
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		c := base[3]
		return c >= '0' && c <= '9'
	}
	// Windows also reserves COM¹..COM³ and LPT¹..LPT³ (superscript digits).
	for _, p := range []string{"COM", "LPT"} {
		if rest, ok := strings.CutPrefix(base, p); ok {
			switch rest {
			case "¹", "²", "³":
				return true
			}
		}
	}
	return false
}

// mimeTruncateFilename shortens s to at most max bytes, keeping a short
// extension and never splitting a UTF-8 sequence.
func mimeTruncateFilename(s string, max int) string {
	if len(s) <= max {
		return s
	}
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i > 0 && len(s)-i <= mimeMaxExtensionBytes && !strings.ContainsRune(s[i:], ' ') {
		ext = s[i:]
	}
	base := s[:len(s)-len(ext)]
	base = mimeCutUTF8(base, max-len(ext))
	base = strings.TrimRight(base, ". ")
	if base == "" {
		base = "attachment"
	}
	return base + ext
}

// mimeCutUTF8 returns the longest prefix of s of at most n bytes that ends on a
// rune boundary.
func mimeCutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// mimeExtensionForType maps a media type to the extension used in fallback
// names. A fixed table, not mime.ExtensionsByType, so names do not depend on
// the host's /etc/mime.types.
var mimeExtensionForType = map[string]string{
	"application/pdf":              "pdf",
	"application/zip":              "zip",
	"application/x-zip-compressed": "zip",
	"application/msword":           "doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
	"application/vnd.ms-excel": "xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
	"application/ms-tnef":              "dat",
	"application/vnd.ms-tnef":          "dat",
	"application/pkcs7-signature":      "p7s",
	"application/x-pkcs7-signature":    "p7s",
	"application/pgp-signature":        "asc",
	"application/ics":                  "ics",
	"application/json":                 "json",
	"application/xml":                  "xml",
	"image/jpeg":                       "jpg",
	"image/jpg":                        "jpg",
	"image/pjpeg":                      "jpg",
	"image/png":                        "png",
	"image/gif":                        "gif",
	"image/bmp":                        "bmp",
	"image/tiff":                       "tif",
	"image/webp":                       "webp",
	"image/heic":                       "heic",
	"image/heif":                       "heif",
	"image/svg+xml":                    "svg",
	"text/plain":                       "txt",
	"text/html":                        "html",
	"text/csv":                         "csv",
	"text/calendar":                    "ics",
	"text/xml":                         "xml",
	"text/rfc822-headers":              "txt",
	"message/rfc822":                   "eml",
	"message/global":                   "eml",
	"message/delivery-status":          "txt",
	"message/disposition-notification": "txt",
	"video/mp4":                        "mp4",
	"video/quicktime":                  "mov",
	"audio/mpeg":                       "mp3",
	"audio/mp4":                        "m4a",
}

// mimeFallbackFilename names a part that has no usable filename:
// "attachment-<n>.<ext>", the extension taken from its content type.
func mimeFallbackFilename(n int, contentType string) string {
	ext := mimeExtensionForType[contentType]
	if ext == "" {
		ext = "bin"
	}
	return "attachment-" + strconv.Itoa(n) + "." + ext
}
