package mailparse

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// lzfuCompress packs data as LZFu the simple way a test needs: at each
// byte the longest match of 2 to 17 bytes that ends before the write
// position, else a literal, then the end reference. Slow: for small inputs.
func lzfuCompress(data []byte) []byte {
	var dict [rtfDictionarySize]byte
	w := copy(dict[:], rtfInitialDictionary)
	filled := w // window bytes holding something written
	var out, group []byte
	var control byte
	bit := 0
	token := func(ref bool, b ...byte) {
		if ref {
			control |= 1 << bit
		}
		group = append(group, b...)
		if bit++; bit == 8 {
			out = append(append(out, control), group...)
			control, bit, group = 0, 0, group[:0]
		}
	}
	for i := 0; i < len(data); {
		best, bestLen := 0, 1
		for d := 2; d <= min(filled, rtfDictionarySize-1); d++ {
			o := (w - d + rtfDictionarySize) % rtfDictionarySize
			n := 0
			for n < 17 && n < d && i+n < len(data) && dict[(o+n)%rtfDictionarySize] == data[i+n] {
				n++
			}
			if n > bestLen {
				best, bestLen = o, n
			}
		}
		if bestLen >= 2 {
			ref := best<<4 | (bestLen - 2)
			token(true, byte(ref>>8), byte(ref))
		} else {
			token(false, data[i])
		}
		for k := range bestLen {
			dict[w] = data[i+k]
			w = (w + 1) % rtfDictionarySize
		}
		filled += bestLen
		i += bestLen
	}
	token(true, byte(w>>4), byte(w<<4))
	if bit > 0 {
		out = append(append(out, control), group...)
	}
	return rtfHeader(uint32(len(out)+12), uint32(len(data)), rtfCompressed, rtfCRC(out), out)
}

// rtfHeader writes a PR_RTF_COMPRESSED value: its header, then contents.
func rtfHeader(compSize, rawSize, kind, crc uint32, contents []byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, compSize)
	b = binary.LittleEndian.AppendUint32(b, rawSize)
	b = binary.LittleEndian.AppendUint32(b, kind)
	b = binary.LittleEndian.AppendUint32(b, crc)
	return append(b, contents...)
}

// The worked examples of MS-OXRTFCP section 3: the exact bytes Outlook's
// compressor writes for two short documents, and one stored uncompressed.
var rtfSpecExamples = []struct {
	name       string
	compressed []byte
	raw        string
}{
	{
		"simple string",
		[]byte("\x2d\x00\x00\x00\x2b\x00\x00\x00\x4c\x5a\x46\x75\xf1\xc5\xc7\xa7" +
			"\x03\x00\x0a\x00\x72\x63\x70\x67\x31\x32\x35\x42\x32\x0a\xf3\x20\x68\x65\x6c\x09" +
			"\x00\x20\x62\x77\x05\xb0\x6c\x64\x7d\x0a\x80\x0f\xa0"),
		"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n",
	},
	{
		"with a run that reads what it writes",
		[]byte("\x1a\x00\x00\x00\x1c\x00\x00\x00\x4c\x5a\x46\x75\xe2\xd4\x4b\x51" +
			"\x41\x00\x04\x20\x57\x58\x59\x5a\x0d\x6e\x7d\x01\x0e\xb0"),
		"{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}",
	},
	{
		"uncompressed, its raw size the compressed one (as some writers give it)",
		rtfHeader(12+10, 12+10, rtfUncompressed, 0, []byte(`{\rtf1 ok}`)),
		`{\rtf1 ok}`,
	},
	{
		"uncompressed",
		[]byte("\x2e\x00\x00\x00\x22\x00\x00\x00MELA\x00\x00\x00\x00{\\rtf1\\ansi\\ansicpg1252\\pard test}"),
		"{\\rtf1\\ansi\\ansicpg1252\\pard test}",
	},
}

// TestDecompressRTFSpecExamples: the specification's examples decompress
// to their documents, and its CRC is the one they carry.
func TestDecompressRTFSpecExamples(t *testing.T) {
	t.Parallel()
	if n := len(rtfInitialDictionary); n != 207 {
		t.Fatalf("the initial dictionary has %d bytes, want 207", n)
	}
	for _, c := range rtfSpecExamples {
		got, err := decompressRTF(c.compressed, 1<<20)
		if err != nil || string(got) != c.raw {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.raw)
		}
	}
	if crc := rtfCRC(rtfSpecExamples[0].compressed[16:]); crc != 0xA7C7C5F1 {
		t.Errorf("CRC %08X, want A7C7C5F1", crc)
	}
	if crc := rtfCRC(nil); crc != 0 {
		t.Errorf("CRC of nothing %08X, want 0", crc)
	}
}

// TestDecompressRTFRoundTrip: a document longer than the 4 KiB window, whose
// references wrap around it, comes back byte for byte.
func TestDecompressRTFRoundTrip(t *testing.T) {
	t.Parallel()
	var doc bytes.Buffer
	doc.WriteString(`{\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0\fswiss Arial;}}`)
	for i := range 300 {
		doc.WriteString(`\pard\plain\f0\fs20 Line `)
		doc.WriteString(strings.Repeat("x", i%23))
		doc.WriteString(` of the drying log for claim 0683449786\par` + "\r\n")
	}
	doc.WriteString("}")
	packed := lzfuCompress(doc.Bytes())
	if len(packed) >= doc.Len()/2 {
		t.Errorf("the test compressor packed %d bytes into %d: it finds no matches", doc.Len(), len(packed))
	}
	got, err := decompressRTF(packed, 1<<20)
	if err != nil || !bytes.Equal(got, doc.Bytes()) {
		t.Fatalf("round trip: %d bytes, %v; want the %d bytes back", len(got), err, doc.Len())
	}
}

// TestDecompressRTFRefuses: damaged or hostile values are errors, never a
// panic, and a size larger than the limit is refused before anything is
// allocated for it.
func TestDecompressRTFRefuses(t *testing.T) {
	t.Parallel()
	good := lzfuCompress([]byte(`{\rtf1\ansi Claim 0683449786}`))
	flipped := bytes.Clone(good)
	flipped[20] ^= 0x40
	cut := good[:len(good)-3]
	// A CRC that matches, but the data stops inside a reference.
	halfRef := []byte{0x01, 0x00}
	for _, c := range []struct {
		name, want string
		value      []byte
	}{
		{"empty", "shorter than its 16-byte header", nil},
		{"short header", "shorter than its 16-byte header", good[:15]},
		{"impossible size", "impossible size 3", rtfHeader(3, 10, rtfCompressed, 0, nil)},
		{"cut short", fmt.Sprintf("holds %d of its %d bytes (cut short?)", len(cut)-16, len(good)-16), cut},
		{"damaged", errRTFChecksum.Error(), flipped},
		{"unknown kind", "unknown kind 0x44434241", rtfHeader(12, 0, 0x44434241, 0, nil)},
		{"gigabytes", "claims 4294967295 bytes of rich text, more than the 1048576 allowed",
			rtfHeader(12+4, 0xFFFFFFFF, rtfCompressed, rtfCRC([]byte("\x00abc")), []byte("\x00abc"))},
		{"ends inside a reference", "ends in the middle of a reference",
			rtfHeader(14, 10, rtfCompressed, rtfCRC(halfRef), halfRef)},
	} {
		_, err := decompressRTF(c.value, 1<<20)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
		if c.name == "damaged" && !errors.Is(err, errRTFChecksum) {
			t.Errorf("damaged: %v is not errRTFChecksum", err)
		}
	}
}

// A raw size within the limit but beyond what the contents could hold
// costs what the contents could expand to, not what the header claims.
// Not parallel, so that what the heap counts is this call's alone.
func TestDecompressRTFAllocatesWhatTheBytesHold(t *testing.T) {
	contents := []byte("\x00{\\rtf1}")
	value := rtfHeader(uint32(12+len(contents)), 1<<30, rtfCompressed, rtfCRC(contents), contents)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := decompressRTF(value, 1<<31-1)
	runtime.ReadMemStats(&after)
	if err != nil || string(got) != "{\\rtf1}" {
		t.Fatalf("%q, %v", got, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<10 {
		t.Errorf("a 1 GiB claim in %d bytes allocated %d bytes", len(value), grew)
	}
}

func FuzzDecompressRTF(f *testing.F) {
	for _, c := range rtfSpecExamples {
		f.Add(c.compressed)
	}
	f.Add(lzfuCompress([]byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <p>}Claim 0683449786\par}`)))
	f.Add(lzfuCompress([]byte(`{\rtf1\ansi\fromtext \uc1\u8212?\'e9\par}`)))
	const maxRaw = 1 << 16
	f.Fuzz(func(t *testing.T, value []byte) {
		if out, err := decompressRTF(value, maxRaw); err == nil {
			if len(out) > maxRaw || len(out) > int(binary.LittleEndian.Uint32(value[4:])) {
				t.Fatalf("%d bytes out, over the raw size or the limit", len(out))
			}
			rtfCheckText(t, out)
		}
		// Mutated contents rarely keep their CRC: decode them without it
		// too, so the fuzzer explores the decoder and not just the check.
		if len(value) < 16 {
			return
		}
		out, _ := lzfuDecompress(value[16:], maxRaw)
		if len(out) > maxRaw || len(out) > rtfMaxExpansion*len(value) {
			t.Fatalf("%d bytes out of %d in", len(out), len(value))
		}
	})
}

// rtfCheckText checks what rtfText makes of any bytes: at most its limit,
// valid UTF-8 without NUL.
func rtfCheckText(t *testing.T, rtf []byte) {
	t.Helper()
	text := rtfText(rtf, 1<<10)
	if len(text) > 1<<10 || strings.IndexByte(text, 0) >= 0 || !utf8.ValidString(text) {
		t.Fatalf("text of %d bytes: %q", len(text), text)
	}
}
