package stamp

import (
	"bytes"
	"encoding/binary"
)

// exifSearchBytes bounds where EXIF is looked for: its APP1 segment comes
// right after the JPEG's start (behind at most an APP0) and holds at most
// 64 KB.
const exifSearchBytes = 128 << 10

// tagExifOrientation is the Orientation entry of EXIF's first directory.
const tagExifOrientation = 0x0112

// ExifOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it
// has none or is no JPEG. Phones store photos as the sensor saw them and
// say in EXIF how to turn them; Go's decoder does not turn them.
//
// It reads the one entry it needs, in EXIF's first directory (IFD0),
// where EXIF puts it, in a time bounded by that directory. A reader of
// all of EXIF (go-exif) costs without bound: it allocates a value as
// large as its entry says (4 GiB for an entry in a picture of 574
// bytes), and reads a sub-directory again for each entry that points to
// it (a 3 kB picture whose directories point to each other 80 times took
// a second and 208 MiB, and each doubling of them eight times more).
func ExifOrientation(src []byte) int {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return 1
	}
	tiff := exifTIFF(src[:min(len(src), exifSearchBytes)])
	if tiff == nil {
		return 1
	}
	var order binary.ByteOrder = binary.LittleEndian
	if tiff[0] == 'M' {
		order = binary.BigEndian
	}
	dir := int64(order.Uint32(tiff[4:]))
	if dir < 8 || dir+2 > int64(len(tiff)) {
		return 1
	}
	n := int64(order.Uint16(tiff[dir:]))
	for at := dir + 2; at < dir+2+12*n && at+12 <= int64(len(tiff)); at += 12 {
		e := tiff[at : at+12]
		if order.Uint16(e) != tagExifOrientation || order.Uint16(e[2:]) != 3 || order.Uint32(e[4:]) != 1 {
			continue // another entry, or not one SHORT
		}
		if o := int(order.Uint16(e[8:])); o >= 1 && o <= 8 {
			return o
		}
	}
	return 1
}

// exifTIFF returns the TIFF structure EXIF is stored as, from its header
// (where one first is in data: behind "Exif\0\0" in an APP1 segment, but
// some writers leave that out) to the end of data; nil when there is
// none.
func exifTIFF(data []byte) []byte {
	at := -1
	for _, header := range [][]byte{[]byte("MM\x00*"), []byte("II*\x00")} {
		if i := bytes.Index(data, header); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 || len(data)-at < 8 {
		return nil
	}
	return data[at:]
}
