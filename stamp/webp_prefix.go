package stamp

import (
	"errors"
	"io"
)

// webpBits reads a VP8L bit stream, least significant bit first.
type webpBits struct {
	data []byte
	pos  int64 // in bits
}

func (r *webpBits) read(n uint32) (uint32, error) {
	if r.pos+int64(n) > 8*int64(len(r.data)) {
		return 0, io.ErrUnexpectedEOF
	}
	var v uint32
	for i := range n {
		v |= uint32(r.data[r.pos>>3]>>(r.pos&7)&1) << i
		r.pos++
	}
	return v, nil
}

// webpCode is a prefix code read to decode a meta or transform image
// with: canonical, as DEFLATE's, its bits read most significant first.
type webpCode struct {
	bitless bool      // a code of one symbol, which takes no bits
	twoBits bool      // a simple code of two symbols, one bit
	symbols [2]uint32 // those codes' symbols, by their bit
	count   [16]uint32
	sorted  []uint32 // symbols by code length, then value
}

// newWebPCode makes the code of the given code lengths, and refuses the
// codes Go's decoder refuses: none, over-subscribed or incomplete.
func newWebPCode(lengths []uint32) (webpCode, error) {
	var c webpCode
	n := 0
	for s, l := range lengths {
		if l > 0 {
			c.count[l]++
			c.symbols[0] = uint32(s)
			n++
		}
	}
	switch n {
	case 0:
		return c, errWebPCodes
	case 1:
		c.bitless = true
		return c, nil
	}
	left := uint32(1)
	for l := 1; l < len(c.count); l++ {
		left <<= 1
		if c.count[l] > left {
			return c, errWebPCodes
		}
		left -= c.count[l]
	}
	if left != 0 {
		return c, errWebPCodes
	}
	for l := 1; l < len(c.count); l++ {
		for s, sl := range lengths {
			if sl == uint32(l) {
				c.sorted = append(c.sorted, uint32(s))
			}
		}
	}
	return c, nil
}

// symbol reads the next symbol of code c.
func (r *webpBits) symbol(c *webpCode) (uint32, error) {
	switch {
	case c.bitless:
		return c.symbols[0], nil
	case c.twoBits:
		b, err := r.read(1)
		return c.symbols[b], err
	}
	var code, first, index uint32
	for l := 1; l < len(c.count); l++ {
		b, err := r.read(1)
		if err != nil {
			return 0, err
		}
		code |= b
		if code-first < c.count[l] {
			return c.sorted[index+code-first], nil
		}
		index += c.count[l]
		first = (first + c.count[l]) << 1
		code <<= 1
	}
	return 0, errWebPCodes
}

// groupCost reads a group of five codes of an image with a colour cache
// of ccBits, and returns what Go's decoder allocates for them. With
// codes, it keeps them to decode with; without, it counts their symbols
// only, which is all their cost needs.
func (r *webpBits) groupCost(ccBits uint32, codes *[5]webpCode) (int64, error) {
	var cost int64
	for j, alphabet := range webpAlphabets {
		if j == 0 && ccBits > 0 {
			alphabet += 1 << ccBits
		}
		c, code, err := r.readCode(alphabet, codes != nil)
		cost += c
		if err != nil {
			return cost, err
		}
		if codes != nil {
			codes[j] = code
		}
	}
	return cost, nil
}

// readCode reads a prefix code of the alphabet and returns what Go's
// decoder allocates for it: a tree of 2n-1 nodes for n symbols, and for
// a code given by its lengths, the lengths and the codes made of them.
func (r *webpBits) readCode(alphabet int, keep bool) (int64, webpCode, error) {
	simple, err := r.read(1)
	if err != nil {
		return 0, webpCode{}, err
	}
	if simple == 1 {
		return r.readSimpleCode(alphabet)
	}
	cost := webpTreeBytes + 4*int64(alphabet)
	var lengths []uint32
	if keep {
		lengths = make([]uint32, alphabet)
	}
	n, err := r.readCodeLengths(alphabet, lengths)
	if err != nil {
		return cost, webpCode{}, err
	}
	if n == 0 {
		return cost, webpCode{}, errWebPCodes
	}
	cost += webpNodeBytes * int64(2*n-1)
	if n > 1 {
		cost += 4 * int64(alphabet)
	}
	if !keep {
		return cost, webpCode{}, nil
	}
	code, err := newWebPCode(lengths)
	return cost, code, err
}

// readSimpleCode reads a code of one or two symbols, given as such.
func (r *webpBits) readSimpleCode(alphabet int) (int64, webpCode, error) {
	var c webpCode
	n, err := r.read(1)
	if err != nil {
		return 0, c, err
	}
	firstBits, err := r.read(1)
	if err != nil {
		return 0, c, err
	}
	cost := webpTreeBytes + webpNodeBytes*int64(2*n+1) // nodes made before the symbols are read
	widths := [2]uint32{7*firstBits + 1, 8}
	for i := range n + 1 {
		if c.symbols[i], err = r.read(widths[i]); err != nil {
			return cost, c, err
		}
		if c.symbols[i] >= uint32(alphabet) {
			return cost, c, errWebPCodes
		}
	}
	c.bitless, c.twoBits = n == 0, n == 1
	return cost, c, nil
}

// readCodeLengths reads the code lengths of a code of the alphabet, coded
// with a code of their own, into lengths when it is not nil, and returns
// how many are not zero. It reads as Go's decoder does, which repeats 8
// before any length is given, and stops where the code says its last
// symbol is.
func (r *webpBits) readCodeLengths(alphabet int, lengths []uint32) (int, error) {
	lengthCode, err := r.readCodeLengthCode()
	if err != nil {
		return 0, err
	}
	left, err := r.readLengthsGiven(alphabet)
	if err != nil {
		return 0, err
	}
	n, prev := 0, uint32(8)
	for symbol := 0; symbol < alphabet && left > 0; {
		left--
		l, err := r.symbol(&lengthCode)
		if err != nil {
			return 0, err
		}
		value, repeat := l, 1
		if l >= 16 {
			if value, repeat, err = r.readRepeat(l, prev); err != nil {
				return 0, err
			}
		} else if lengthCode.bitless { // every length left is this one
			repeat = min(left+1, alphabet-symbol)
			left -= repeat - 1
		}
		if symbol+repeat > alphabet {
			return 0, errWebPCodes
		}
		if value != 0 {
			n += repeat
		}
		if l < 16 && l != 0 {
			prev = l
		}
		if lengths != nil {
			for i := range repeat {
				lengths[symbol+i] = value
			}
		}
		symbol += repeat
	}
	return n, nil
}

// readLengthsGiven reads how many code lengths of the alphabet are given,
// the others being zero: all, or as many as the code says.
func (r *webpBits) readLengthsGiven(alphabet int) (int, error) {
	if some, err := r.read(1); err != nil || some == 0 {
		return alphabet, err
	}
	width, err := r.read(3)
	if err != nil {
		return 0, err
	}
	last, err := r.read(2 + 2*width)
	if err != nil {
		return 0, err
	}
	if int(last)+2 > alphabet {
		return 0, errWebPCodes
	}
	return int(last) + 2, nil
}

// readRepeat reads how many times a code-length symbol of 16 (the
// previous length), 17 or 18 (zero) repeats.
func (r *webpBits) readRepeat(l, prev uint32) (value uint32, repeat int, err error) {
	bits, offset := [3]uint32{2, 3, 7}[l-16], [3]int{3, 3, 11}[l-16]
	extra, err := r.read(bits)
	if err != nil {
		return 0, 0, err
	}
	if l == 16 {
		value = prev
	}
	return value, int(extra) + offset, nil
}

// readCodeLengthCode reads the code that codes a code's lengths.
func (r *webpBits) readCodeLengthCode() (webpCode, error) {
	n, err := r.read(4)
	if err != nil {
		return webpCode{}, err
	}
	var lengths [len(webpCodeLengthOrder)]uint32
	for i := range n + 4 {
		if lengths[webpCodeLengthOrder[i]], err = r.read(3); err != nil {
			return webpCode{}, err
		}
	}
	return newWebPCode(lengths[:])
}

// subImage reads an image of w×h pixels within the picture's stream (a
// transform's or the meta image), of one group of codes, and returns
// what its codes take and the highest group its pixels name (red and
// green, as the meta image names them). Copies and colour cache hits
// repeat pixels already counted, and need not be decoded.
func (r *webpBits) subImage(w, h int32) (int64, int, error) {
	ccBits, err := r.colorCacheBits()
	if err != nil {
		return 0, 0, err
	}
	var codes [5]webpCode
	cost, err := r.groupCost(ccBits, &codes)
	if err != nil {
		return 0, 0, err
	}
	cost += webpGroupBytes + 4<<ccBits
	most := 0
	for p, total := int64(0), int64(w)*int64(h); p < total; {
		start := r.pos
		step, group, err := r.pixels(&codes)
		if err != nil {
			return 0, 0, err
		}
		if p += step; p > total {
			return 0, 0, errors.New("lossless WebP: invalid LZ77 parameters")
		}
		most = max(most, group)
		if r.pos == start { // a step of no bits, which repeats to the end
			if (total-p)%step != 0 {
				return 0, 0, errors.New("lossless WebP: invalid LZ77 parameters")
			}
			break
		}
	}
	return cost, most, nil
}

// pixels reads the next literal pixel, copy or colour cache hit, and
// returns how many pixels it makes and the group a literal names.
func (r *webpBits) pixels(codes *[5]webpCode) (int64, int, error) {
	const literals, lengths = 256, 24
	green, err := r.symbol(&codes[0])
	if err != nil {
		return 0, 0, err
	}
	switch {
	case green < literals:
		red, err := r.symbol(&codes[1])
		if err != nil {
			return 0, 0, err
		}
		for i := 2; i < 4; i++ { // blue, alpha
			if _, err := r.symbol(&codes[i]); err != nil {
				return 0, 0, err
			}
		}
		return 1, int(red)<<8 | int(green), nil
	case green < literals+lengths:
		length, err := r.lz77Param(green - literals)
		if err != nil {
			return 0, 0, err
		}
		distance, err := r.symbol(&codes[4])
		if err != nil {
			return 0, 0, err
		}
		_, err = r.lz77Param(distance)
		return length, 0, err
	}
	return 1, 0, nil // a colour cache hit
}

// lz77Param reads a copy's length or distance of the given symbol.
func (r *webpBits) lz77Param(symbol uint32) (int64, error) {
	if symbol < 4 {
		return int64(symbol) + 1, nil
	}
	extraBits := (symbol - 2) >> 1
	extra, err := r.read(extraBits)
	return int64(2+symbol&1)<<extraBits + int64(extra) + 1, err
}
