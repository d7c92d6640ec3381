package stamp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A lossless WebP (VP8L) is entropy coded with groups of five prefix
// codes, and Go's decoder holds every group its meta image names, each
// code as a tree of two nodes a symbol, before it decodes a pixel: a
// 947 kB WebP of one pixel made it allocate 403 MiB, some 2 kB a byte
// at most. How many groups and symbols there are is only told by the
// codes themselves, behind the picture's transforms and its compressed
// meta image, so webpLosslessCost reads them all, as
// golang.org/x/image/vp8l does but keeping none of the picture's own,
// and sums what the decoder allocates for them.
const (
	webpGroupBytes = 5 * (24 + 128*4) // a group: five trees' node slices and look-up tables
	webpNodeBytes  = 8                // a tree node: a symbol and its children
	// webpTreeBytes is what reading one code takes besides its nodes:
	// the tree of its code-length code, and size-class rounding.
	webpTreeBytes = 1 << 10
)

// The alphabets of a group's five codes (green, with the length prefixes
// and the colour cache; red; blue; alpha; distance), and of the code that
// codes their code lengths.
var (
	webpAlphabets       = [5]int{256 + 24, 256, 256, 256, 40}
	webpCodeLengthOrder = [19]uint8{17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
)

var errWebPCodes = errors.New("lossless WebP: invalid prefix codes")

// webpLosslessCost returns what Go's decoder allocates for the prefix
// codes of the lossless WebP data (a picture, or a lossy picture's alpha
// plane compressed so) of w×h pixels, and 0 for a WebP without any. Its
// errors match ErrBadPicture: codes the decoder would refuse before it
// reads the picture's own.
func webpLosslessCost(data []byte, w, h int) (int64, error) {
	stream, ok := webpLosslessStream(data)
	if !ok {
		return 0, nil
	}
	r := &webpBits{data: stream}
	cost, err := r.imageCodesCost(int32(w), int32(h))
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrBadPicture, err)
	}
	return cost, nil
}

// webpLosslessStream returns the VP8L bit stream of the WebP data after
// its header (the picture's, or its alpha plane's, which has none), or
// false when the data has no lossless picture or alpha plane.
func webpLosslessStream(data []byte) ([]byte, bool) {
	const riffHeader = 12 // "RIFF", its size, "WEBP"
	const vp8lHeader = 5  // signature, size, alpha hint and version
	for at := int64(riffHeader); at+8 <= int64(len(data)); {
		fourCC, n := string(data[at:at+4]), int64(binary.LittleEndian.Uint32(data[at+4:]))
		body := data[at+8 : min(at+8+n, int64(len(data)))]
		switch {
		case fourCC == "VP8L" && len(body) >= vp8lHeader:
			return body[vp8lHeader:], true
		case fourCC == "ALPH" && len(body) > 0:
			return body[1:], body[0]&0x03 == 1
		}
		at += 8 + n + n&1 // chunks are padded to an even length
	}
	return nil, false
}

// imageCodesCost reads the transforms and the meta image of a VP8L
// picture of w×h pixels, then every group of codes it names, and
// returns what they take. Running out of data among the groups is not
// an error: the decoder has allocated what was counted by then.
func (r *webpBits) imageCodesCost(w, h int32) (int64, error) {
	var cost int64
	var seen [4]bool
	for {
		more, err := r.read(1)
		if err != nil {
			return 0, err
		}
		if more == 0 {
			break
		}
		kind, err := r.read(2)
		if err != nil {
			return 0, err
		}
		if seen[kind] {
			return 0, errors.New("lossless WebP: repeated transform")
		}
		seen[kind] = true
		c, newW, err := r.transformCost(kind, w, h)
		if err != nil {
			return 0, err
		}
		cost, w = cost+c, newW
	}
	ccBits, err := r.colorCacheBits()
	if err != nil {
		return 0, err
	}
	groups := int64(1)
	if useMeta, err := r.read(1); err != nil {
		return 0, err
	} else if useMeta == 1 {
		c, most, err := r.metaImage(w, h)
		if err != nil {
			return 0, err
		}
		cost, groups = cost+c, int64(most)+1
	}
	cost += groups*webpGroupBytes + 4<<ccBits
	for range groups {
		c, err := r.groupCost(ccBits, nil)
		if cost += c; err != nil {
			break
		}
	}
	return cost, nil
}

// metaImage reads the meta image of a picture w pixels wide and h tall,
// which names the group of codes of each of its tiles, and returns what
// its codes take and the highest group it names.
func (r *webpBits) metaImage(w, h int32) (int64, int, error) {
	bits, err := r.read(3)
	if err != nil {
		return 0, 0, err
	}
	return r.subImage(webpTiles(w, bits+2), webpTiles(h, bits+2))
}

// transformCost reads a transform of the given kind of a picture w
// pixels wide, and returns what its image's codes take and the width of
// the picture it transforms.
func (r *webpBits) transformCost(kind uint32, w, h int32) (int64, int32, error) {
	const predictor, crossColor, subtractGreen, colorIndexing = 0, 1, 2, 3
	switch kind {
	case predictor, crossColor:
		bits, err := r.read(3)
		if err != nil {
			return 0, 0, err
		}
		cost, _, err := r.subImage(webpTiles(w, bits+2), webpTiles(h, bits+2))
		return cost, w, err
	case colorIndexing:
		n, err := r.read(8)
		if err != nil {
			return 0, 0, err
		}
		cost, _, err := r.subImage(int32(n)+1, 1)
		switch {
		case n+1 <= 2:
			w = webpTiles(w, 3)
		case n+1 <= 4:
			w = webpTiles(w, 2)
		case n+1 <= 16:
			w = webpTiles(w, 1)
		}
		return cost, w, err
	}
	return 0, w, nil // subtract green
}

// webpTiles is how many tiles of 1<<bits pixels a row of size pixels
// holds.
func webpTiles(size int32, bits uint32) int32 { return (size + 1<<bits - 1) >> bits }

// colorCacheBits reads whether an image has a colour cache, and its size
// in bits (0 without).
func (r *webpBits) colorCacheBits() (uint32, error) {
	use, err := r.read(1)
	if err != nil || use == 0 {
		return 0, err
	}
	bits, err := r.read(4)
	if err != nil {
		return 0, err
	}
	if bits < 1 || bits > 11 {
		return 0, errors.New("lossless WebP: invalid colour cache")
	}
	return bits, nil
}
