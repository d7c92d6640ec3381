package testenv

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
)

// largeMail generates, without holding it, a message with one base64
// attachment of size bytes (a repeating pattern), as a mailer writes it:
// 76-character lines.
type largeMail struct {
	head, tail []byte
	remaining  int64  // attachment bytes still to encode
	pending    []byte // encoded output not yet read
	line       []byte // one full encoded line of the pattern
	pattern    [57]byte
}

// LargeMail is a message with one attachment of size bytes, produced as it
// is read: neither the message nor the attachment is ever whole in memory,
// so a test of the parser's or the pipeline's memory measures theirs alone.
func LargeMail(size int64) io.Reader { return newLargeMail(size) }

func newLargeMail(size int64) *largeMail {
	m := &largeMail{remaining: size}
	for i := range m.pattern {
		m.pattern[i] = byte(i * 7)
	}
	m.line = []byte(base64.StdEncoding.EncodeToString(m.pattern[:]) + "\r\n")
	m.head = []byte("From: Tech <tech@smrestore.example>\r\nSubject: site video\r\nMessage-ID: <large@smrestore.example>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"big\"\r\n\r\n" +
		"--big\r\nContent-Type: text/plain\r\n\r\nVideo attached.\r\n" +
		"--big\r\nContent-Type: video/mp4\r\nContent-Disposition: attachment; filename=\"walkthrough.mp4\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	m.tail = []byte("--big--\r\n")
	m.pending = m.head
	return m
}

func (m *largeMail) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		if len(m.pending) > 0 {
			c := copy(b[n:], m.pending)
			m.pending = m.pending[c:]
			n += c
			continue
		}
		switch {
		case m.remaining >= int64(len(m.pattern)):
			m.pending = m.line
			m.remaining -= int64(len(m.pattern))
		case m.remaining > 0:
			m.pending = []byte(base64.StdEncoding.EncodeToString(m.pattern[:m.remaining]) + "\r\n")
			m.remaining = 0
		case m.tail != nil:
			m.pending, m.tail = m.tail, nil
		default:
			if n > 0 {
				return n, nil
			}
			return 0, io.EOF
		}
	}
	return n, nil
}

// LargeMailSum is the SHA-256 (hex) of the attachment of LargeMail(size).
func LargeMailSum(size int64) string {
	m := newLargeMail(0)
	h := sha256.New()
	for size > 0 {
		k := min(size, int64(len(m.pattern)))
		h.Write(m.pattern[:k])
		size -= k
	}
	return hex.EncodeToString(h.Sum(nil))
}
