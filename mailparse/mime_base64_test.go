package mailparse

import (
	"bytes"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// TestBase64WholeLinesDecodeAsLeniently checks that decoding clean lines in
// one call to encoding/base64 gives exactly what the lenient decoder gives,
// byte for byte and in its count of skipped bytes, whatever the reads cut:
// clean mail, and mail with the faults the lenient decoder forgives.
func TestBase64WholeLinesDecodeAsLeniently(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 40<<10)
	for i := range data {
		data[i] = byte(rng.UintN(256))
	}
	clean := wrapLines(base64.StdEncoding.EncodeToString(data), 76)
	inputs := map[string]string{
		"clean":            clean,
		"lines of 72":      wrapLines(base64.StdEncoding.EncodeToString(data), 72),
		"lines of 75":      wrapLines(base64.StdEncoding.EncodeToString(data[:3001]), 75),
		"bare LF":          strings.ReplaceAll(clean, "\r\n", "\n"),
		"padding midway":   wrapLines(base64.StdEncoding.EncodeToString(data[:1000])+base64.StdEncoding.EncodeToString(data[:2000]), 76),
		"bad byte":         clean[:20000] + "*" + clean[20000:],
		"url-safe":         strings.ReplaceAll(strings.ReplaceAll(clean, "+", "-"), "/", "_"),
		"spaces":           strings.ReplaceAll(clean, "\r\n", " \r\n"),
		"cut short":        clean[:len(clean)-7],
		"no line breaks":   base64.StdEncoding.EncodeToString(data),
		"trailing garbage": clean + "--\r\n",
	}
	for name, in := range inputs {
		want, wantInvalid := decodeAllLeniently([]byte(in))
		readers := map[string]io.Reader{
			"whole":    strings.NewReader(in),
			"one byte": iotest.OneByteReader(strings.NewReader(in)),
			"halves":   iotest.HalfReader(strings.NewReader(in)),
		}
		for how, r := range readers {
			d := mimeGetBase64Reader(r)
			got, err := io.ReadAll(d)
			invalid := d.invalid
			mimePutBase64Reader(d)
			if err != nil || !bytes.Equal(got, want) || invalid != wantInvalid {
				t.Errorf("%s, read %s: %d bytes, %d skipped, err %v; want the lenient decoder's %d bytes, %d skipped",
					name, how, len(got), invalid, err, len(want), wantInvalid)
			}
		}
	}
}

// decodeAllLeniently decodes in with the lenient decoder alone.
func decodeAllLeniently(in []byte) ([]byte, int64) {
	var out []byte
	d := &mimeBase64Reader{}
	for len(in) > 0 {
		n := min(len(in), 4<<10)
		d.outPos, d.outLen = 0, 0
		d.decodeLenient(in[:n])
		out = append(out, d.out[:d.outLen]...)
		in = in[n:]
	}
	d.outPos, d.outLen = 0, 0
	d.flush()
	return append(out, d.out[:d.outLen]...), d.invalid
}

func wrapLines(s string, width int) string {
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + "\r\n")
		s = s[width:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}
