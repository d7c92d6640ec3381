package hostile

import (
	"encoding/base64"
	"io"
	"strings"
)

// base64Lines encodes b as a mailer does: 76-character lines, CRLF.
func base64Lines(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	out.Grow(len(s) + len(s)/76*2 + 2)
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s + "\r\n")
	return out.String()
}

// bigAttachment is a message with one base64 attachment of size bytes,
// produced as it is read: the message is never whole in memory.
func bigAttachment(name string, size int64) Message {
	head := header("attachment-100mb", "Claim 0683449786 - site walkthrough video") +
		"Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n" +
		"--big\r\nContent-Type: text/plain\r\n\r\nWalkthrough video for claim 0683449786.\r\n" +
		"--big\r\nContent-Type: video/mp4; name=\"walkthrough.mp4\"\r\nContent-Disposition: attachment; filename=\"walkthrough.mp4\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n"
	const tail = "--big--\r\n"
	full, rest := size/bigChunk, size%bigChunk
	encoded := full * int64(len(bigLine))
	if rest > 0 {
		encoded += int64(base64.StdEncoding.EncodedLen(int(rest)) + 2)
	}
	return Message{
		Name: name,
		Size: int64(len(head)) + encoded + int64(len(tail)),
		Open: func() io.Reader {
			return io.MultiReader(strings.NewReader(head), &patternReader{lines: full, rest: int(rest)}, strings.NewReader(tail))
		},
	}
}

// bigChunk bytes of the pattern make one 76-character base64 line.
const bigChunk = 57

var bigPattern = func() []byte {
	p := make([]byte, bigChunk)
	for i := range p {
		p[i] = byte(i*7 + 3)
	}
	return p
}()

var bigLine = base64.StdEncoding.EncodeToString(bigPattern) + "\r\n"

// patternReader yields lines full base64 lines of the pattern, then the
// encoding of its first rest bytes.
type patternReader struct {
	lines   int64
	rest    int
	pending string
}

func (p *patternReader) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		if p.pending == "" {
			switch {
			case p.lines > 0:
				p.pending = bigLine
				p.lines--
			case p.rest > 0:
				p.pending = base64.StdEncoding.EncodeToString(bigPattern[:p.rest]) + "\r\n"
				p.rest = 0
			default:
				if n == 0 {
					return 0, io.EOF
				}
				return n, nil
			}
		}
		c := copy(b[n:], p.pending)
		p.pending = p.pending[c:]
		n += c
	}
	return n, nil
}
