package stamp

import (
	"context"
	"fmt"
	"slices"
)

// Fax servers and e-fax services mostly send TIFFs in two-dimensional
// Group 3 coding (modified READ), which no Go decoder reads. The caller
// converts such a fax to Group 4 (Options.ConvertFax: libtiff's tiffcp in
// a child process bounded in time and memory) once its header is within
// every limit, and ApplyPicture stamps the conversion, checked as the fax
// was, its pages matched against the fax's.

// twoDimensionalFax reports whether some page of pic is in
// two-dimensional Group 3 fax coding.
func (p picture) twoDimensionalFax() bool {
	return slices.ContainsFunc(p.pages, func(pg picturePage) bool { return pg.twoD })
}

// convertFax returns the TIFF data of pic, with pages in two-dimensional
// Group 3 coding, as opts.ConvertFax converts it, and its picture: the
// same pages, none of them so coded, within every limit.
func convertFax(ctx context.Context, data []byte, pic picture, opts Options) ([]byte, picture, error) {
	if opts.ConvertFax == nil {
		return nil, picture{}, ErrTwoDimensionalFax
	}
	for i, p := range pic.pages {
		if !p.bilevel {
			return nil, picture{}, fmt.Errorf("%w: two-dimensional Group 3 fax pages with page %d in colour or grey",
				ErrPictureFormat, i+1)
		}
	}
	conv, err := opts.ConvertFax(ctx, data)
	if err != nil {
		return nil, picture{}, fmt.Errorf("convert fax: %w", err)
	}
	if int64(len(conv)) > opts.MaxBytes {
		return nil, picture{}, fmt.Errorf("%w: the fax converted to group 4 is more than %d bytes", ErrTooLarge, opts.MaxBytes)
	}
	cp, err := checkPicture(conv, opts)
	if err != nil {
		return nil, picture{}, fmt.Errorf("fax converted to group 4: %w", err)
	}
	if err := sameFaxPages(pic, cp); err != nil {
		return nil, picture{}, err
	}
	// Each page is turned as the fax says (tiffcp keeps the tag; a
	// converter that dropped it would leave a page sideways).
	for i := range cp.pages {
		cp.pages[i].dir.orientation = pic.pages[i].dir.orientation
	}
	// The fax stays in memory beside its conversion until the stamp is
	// written.
	cp.cost += int64(len(data))
	if cp.cost > opts.MaxPictureMemory {
		return nil, picture{}, fmt.Errorf("%w: the fax and its conversion take about %d MiB to stamp, limit %d MiB",
			ErrTooLarge, cp.cost>>20, opts.MaxPictureMemory>>20)
	}
	return conv, cp, nil
}

// sameFaxPages refuses a conversion conv of the fax pic that does not
// hold the fax's pages, each of its size, in Group 4 or another coding
// the decoder reads: a page the converter dropped or could not read would
// otherwise be missing from the stamped copy unsaid.
func sameFaxPages(pic, conv picture) error {
	if conv.format != "tiff" || len(conv.pages) != len(pic.pages) || conv.twoDimensionalFax() {
		return fmt.Errorf("%w: the fax converted to group 4 has %d pages in %s, the fax %d",
			ErrBadPicture, len(conv.pages), conv.format, len(pic.pages))
	}
	for i, p := range pic.pages {
		if c := conv.pages[i]; c.width != p.width || c.height != p.height {
			return fmt.Errorf("%w: page %d of the fax converted to group 4 has %dx%d pixels, the fax %dx%d",
				ErrBadPicture, i+1, c.width, c.height, p.width, p.height)
		}
	}
	return nil
}
