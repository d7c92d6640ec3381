package mailparse

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestParseMessageInvalidContentType reads a Content-Type that does not
// parse as plain US-ASCII text (RFC 2045 5.2), at the top and in a part,
// rather than as a nameless file with an empty body.
func TestParseMessageInvalidContentType(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"text/plain>", "text/", "/plain", "garbage", "text/pl ain", "tèxt/plain", "text/plain/html", `"text/plain"`} {
		top := "Subject: x\r\nContent-Type: " + ct + "; charset=x-unknown\r\n\r\nClaim 0683449786 readings\r\n"
		part := "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: " + ct +
			"\r\n\r\nClaim 0683449786 readings\r\n--b--\r\n"
		for name, in := range map[string]string{"top": top, "part": part} {
			msg, err := ParseMessage(t.Context(), strings.NewReader(in), nil, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(msg.TextBody) != "Claim 0683449786 readings" || len(msg.Attachments()) != 0 {
				t.Errorf("%s Content-Type %q: body %q, attachments %+v", name, ct, msg.TextBody, msg.Attachments())
			}
			if len(msg.Parts) != 1 || msg.Parts[0].ContentType != "text/plain" || msg.Parts[0].Charset != "us-ascii" || !msg.Parts[0].IsBody {
				t.Errorf("%s Content-Type %q: parts %+v", name, ct, msg.Parts)
			}
			wantWarnings(t, msg, "taken as text/plain")
		}
	}
	// Comments and spaces are allowed; those types are valid.
	for _, ct := range []string{"application/pdf (Adobe)", "Application / PDF"} {
		in := "Subject: x\r\nContent-Type: " + ct + "\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n%PDF-1.4\r\n"
		msg, err := ParseMessage(t.Context(), strings.NewReader(in), nil, ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Parts) != 1 || msg.Parts[0].ContentType != "application/pdf" || len(msg.Warnings) != 0 {
			t.Errorf("Content-Type %q: parts %+v, warnings %q", ct, msg.Parts, msg.Warnings)
		}
	}
}

// TestParseMessageExternalBody keeps a message/external-body part out of
// the documents: it points to content elsewhere, which a warning names.
func TestParseMessageExternalBody(t *testing.T) {
	t.Parallel()
	in := "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nThe estimate is on our portal.\r\n" +
		"--b\r\nContent-Type: message/external-body; access-type=URL;\r\n URL=\"https://portal.example/files/\r\n estimate-0683449786.pdf\"\r\n\r\n" +
		"Content-Type: application/pdf\r\nContent-ID: <est@portal.example>\r\n\r\n" +
		"--b\r\nContent-Type: message/external-body; access-type=anon-ftp; site=ftp.example.org; directory=/pub; name=scope.pdf\r\n\r\n" +
		"Content-Type: application/pdf\r\n\r\n--b--\r\n"
	msg, err := ParseMessage(t.Context(), strings.NewReader(in), nil, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Attachments()) != 0 || len(msg.Parts) != 1 {
		t.Errorf("parts %+v, want the body alone", msg.Parts)
	}
	wantWarnings(t, msg,
		"part 2: message/external-body: a pointer to application/pdf kept elsewhere (access-type url, https://portal.example/files/estimate-0683449786.pdf); not fetched, not filed",
		"part 3: message/external-body: a pointer to application/pdf kept elsewhere (access-type anon-ftp, ftp.example.org/pub/scope.pdf)")
	if msg.Incomplete != "" {
		t.Errorf("Incomplete %q", msg.Incomplete)
	}
}

// TestParseMessageIncomplete says why a message was parsed only in part:
// the part cap, multipart nesting past its cap, forwards nested too deep.
func TestParseMessageIncomplete(t *testing.T) {
	t.Parallel()
	var deepMultipart strings.Builder
	deepMultipart.WriteString("Subject: x\r\n")
	for i := range mimeMaxEntityNesting + 2 {
		fmt.Fprintf(&deepMultipart, "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	deepMultipart.WriteString("\r\ndeep\r\n")
	deepForward := "Subject: x\r\n" + strings.Repeat("Content-Type: message/rfc822\r\n\r\nSubject: fwd\r\n", DefaultMaxDepth+2) + "\r\ndeep\r\n"
	var many strings.Builder
	many.WriteString("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n")
	for range 12 {
		many.WriteString("--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n")
	}
	many.WriteString("--b--\r\n")
	tests := []struct {
		name, in string
		opts     ParseOptions
		want     string
	}{
		{"complete", "Subject: x\r\n\r\nall here\r\n", ParseOptions{}, ""},
		{"part cap", many.String(), ParseOptions{MaxParts: 10}, "part 10: more than 10 MIME parts; the rest of the message was not parsed"},
		{"multipart nesting", deepMultipart.String(), ParseOptions{}, "multipart nested deeper than 40 levels; skipped"},
		{"forward nesting", deepForward, ParseOptions{}, "forwarded message nested deeper than 5 levels; kept as an attachment"},
	}
	for _, tt := range tests {
		msg, err := ParseMessage(t.Context(), strings.NewReader(tt.in), nil, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if tt.want == "" && msg.Incomplete != "" || !strings.Contains(msg.Incomplete, tt.want) {
			t.Errorf("%s: Incomplete %q, want %q", tt.name, msg.Incomplete, tt.want)
		}
		if tt.want != "" && !slices.ContainsFunc(msg.Warnings, func(w string) bool { return strings.Contains(w, tt.want) }) {
			t.Errorf("%s: warnings %q", tt.name, msg.Warnings)
		}
	}
}
