package mailparse

import (
	"errors"
	"fmt"
	"hash/crc32"
)

// Outlook keeps the text of a message written in rich text, and often of
// one written in HTML, only as PR_RTF_COMPRESSED: RTF packed with the LZ77
// variant of MS-OXRTFCP ("LZFu"), or stored as it is ("MELA"). The value is
// a 16-byte header (compressed size counting the 12 header bytes after it,
// raw size, kind, CRC) and then the contents.

// Kinds of compressed RTF (MS-OXRTFCP 2.1.3.1.1).
const (
	rtfCompressed   = 0x75465A4C // "LZFu"
	rtfUncompressed = 0x414C454D // "MELA"
)

// rtfDictionarySize is the size of the LZFu sliding window.
const rtfDictionarySize = 4096

// rtfInitialDictionary fills the start of the window before the first
// token (MS-OXRTFCP 2.1.2.1): 207 bytes, writing starts after them.
const rtfInitialDictionary = `{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}` +
	`{\f0\fnil \froman \fswiss \fmodern \fscript \fdecor MS Sans SerifSymbolArialTimes New RomanCourier` +
	`{\colortbl\red0\green0\blue0` + "\r\n" + `\par \pard\plain\f0\fs20\b\i\u\tab\tx`

// rtfMaxExpansion bounds what LZFu contents can decompress to: a control
// byte and 8 references of 2 bytes each give at most 8 × 17 bytes.
const rtfMaxExpansion = 8

// errRTFChecksum reports compressed RTF whose CRC does not match.
var errRTFChecksum = errors.New("its checksum does not match (damaged)")

// decompressRTF unpacks a PR_RTF_COMPRESSED value. A raw size over maxRaw
// is refused before anything is allocated; the output is never longer than
// the raw size, nor than the contents could expand to.
//
// A CRC that does not match is an error, and the caller then keeps no text
// from it: one damaged LZFu byte shifts every reference after it, so what
// follows would be other words, and a claim matcher reading them could file
// the message to a claim the sender never named.
func decompressRTF(b []byte, maxRaw int) ([]byte, error) {
	r := tnefReader{b: b}
	compSize, ok1 := r.u32()
	rawSize, ok2 := r.u32()
	kind, ok3 := r.u32()
	crc, ok4 := r.u32()
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, errors.New("it is shorter than its 16-byte header")
	}
	if compSize < 12 {
		return nil, fmt.Errorf("its header gives the impossible size %d", compSize)
	}
	// Bytes past the stated size are padding some writers leave.
	contents, ok := r.bytes(uint64(compSize) - 12)
	if !ok {
		return nil, fmt.Errorf("it holds %d of its %d bytes (cut short?)", r.left(), compSize-12)
	}
	if uint64(rawSize) > uint64(max(maxRaw, 0)) {
		return nil, fmt.Errorf("it claims %d bytes of rich text, more than the %d allowed", rawSize, maxRaw)
	}
	switch kind {
	case rtfUncompressed:
		// Nothing checks these bytes (the CRC field is zero by rule), and
		// some writers give the compressed size as the raw size too, 12
		// bytes more than the contents: the contents are the document.
		return contents[:min(uint64(rawSize), uint64(len(contents)))], nil
	case rtfCompressed:
		if rtfCRC(contents) != crc {
			return nil, errRTFChecksum
		}
		return lzfuDecompress(contents, int(rawSize))
	}
	return nil, fmt.Errorf("it is of the unknown kind 0x%08X", kind)
}

// lzfuDecompress unpacks LZFu contents into at most rawSize bytes. Each
// control byte says, low bit first, whether each of the next 8 tokens is a
// literal byte or a 2-byte big-endian reference (12-bit window offset,
// 4-bit length less 2); a reference to the write position itself ends the
// data. Output stops at rawSize: the header's size bounds the work.
func lzfuDecompress(in []byte, rawSize int) ([]byte, error) {
	var dict [rtfDictionarySize]byte
	w := copy(dict[:], rtfInitialDictionary)
	out := make([]byte, 0, min(rawSize, rtfMaxExpansion*len(in)))
	put := func(c byte) {
		if len(out) < rawSize {
			out = append(out, c)
		}
		dict[w] = c
		w = (w + 1) % rtfDictionarySize
	}
	for i := 0; i < len(in) && len(out) < rawSize; {
		control := in[i]
		i++
		for bit := 0; bit < 8 && i < len(in) && len(out) < rawSize; bit++ {
			if control&(1<<bit) == 0 {
				put(in[i])
				i++
				continue
			}
			if i+1 >= len(in) {
				return nil, errors.New("it ends in the middle of a reference (cut short?)")
			}
			ref := int(in[i])<<8 | int(in[i+1])
			i += 2
			offset, n := ref>>4, ref&0xF+2
			if offset == w {
				return out, nil
			}
			// Byte by byte: a reference may reach into what it writes.
			for k := range n {
				put(dict[(offset+k)%rtfDictionarySize])
			}
		}
	}
	return out, nil
}

// rtfCRC is MS-OXRTFCP's CRC-32: the IEEE polynomial, but started at zero
// and not inverted at the end, unlike hash/crc32's, which inverts both.
func rtfCRC(b []byte) uint32 {
	return ^crc32.Update(^uint32(0), crc32.IEEETable, b)
}
