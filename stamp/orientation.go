package stamp

import (
	exif "github.com/dsoprea/go-exif/v3"
)

// exifSearchBytes bounds where EXIF is looked for: its APP1 segment comes
// right after the JPEG's start (behind at most an APP0) and holds at most
// 64 KB, while go-exif would otherwise search the whole picture.
const exifSearchBytes = 128 << 10

// ExifOrientation returns the EXIF orientation (1-8) of a JPEG, 1 when it
// has none or is no JPEG. Phones store photos as the sensor saw them and
// say in EXIF how to turn them; Go's decoder does not turn them.
func ExifOrientation(src []byte) int {
	if len(src) < 4 || src[0] != 0xFF || src[1] != 0xD8 {
		return 1
	}
	raw, err := exif.SearchAndExtractExif(src[:min(len(src), exifSearchBytes)])
	if err != nil {
		return 1
	}
	tags, _, err := exif.GetFlatExifData(raw, nil)
	if err != nil {
		return 1
	}
	for _, t := range tags {
		if v, ok := t.Value.([]uint16); ok && t.TagId == 0x0112 && t.IfdPath == "IFD" && len(v) == 1 && v[0] >= 1 && v[0] <= 8 {
			return int(v[0])
		}
	}
	return 1
}
