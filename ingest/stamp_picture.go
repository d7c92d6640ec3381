package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/claimdesk/claimdesk/ocr"
	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// stampPicture makes the stamped copy of d, a picture of a signed form (a
// technician's phone photo of an ATP, a faxed TIFF): a PDF of it, a page
// for each of a TIFF's pages, with the received stamp on the first
// (stamp.ApplyPicture), stored under its content key. A
// HEIC photo is converted to JPEG first, as OCR converts it to read it,
// and a fax in two-dimensional Group 3 coding to Group 4 (faxToGroup4).
// The copy is made in memory: the picture is at most MaxBytes, its
// pixels at most stamp.DefaultMaxPixels, and the stamps of all the
// process's workers together take no more memory than w.pictures
// (stamp.ApplyPicture waits its turn). Its results are stamp's.
func (w *StampWorker) stampPicture(ctx context.Context, d storage.Document) (sum string, why notStamped, err error) {
	r, err := w.blobs.Get(ctx, blob.ContentKey(d.SHA256))
	if err != nil {
		return "", why, fmt.Errorf("stamp document %d: read original: %w", d.ID, inStore(err))
	}
	defer r.Close()
	var in io.Reader = r
	opts := stamp.Options{MaxBytes: w.cfg.MaxBytes, Budget: w.pictures, ConvertFax: w.faxToGroup4}
	if ocr.KindOf(d.Filename, d.ContentType) == ocr.HEIC {
		jpg, why, err := w.heicToJPEG(ctx, d, r)
		if why.sentence != "" || err != nil {
			return "", why, err
		}
		in, opts.Upright = bytes.NewReader(jpg), true
	}
	// A JPEG's stamped copy holds it whole: one buffer of its size, not
	// one grown by doubling.
	out := bytes.NewBuffer(make([]byte, 0, min(d.Size, w.cfg.MaxBytes)+64<<10))
	h := sha256.New()
	err = stamp.ApplyPicture(ctx, in, io.MultiWriter(out, h), w.received(d), opts)
	if err != nil {
		if why := pictureNotStamped(err, w.cfg.MaxBytes); why.sentence != "" {
			w.log.Info("picture not stamped", "document_id", d.ID, "err", err)
			return "", why, nil
		}
		return "", why, fmt.Errorf("stamp document %d: %w", d.ID, err)
	}
	sum = hex.EncodeToString(h.Sum(nil))
	if err := w.blobs.Put(ctx, blob.ContentKey(sum), out, int64(out.Len())); err != nil {
		return "", why, fmt.Errorf("stamp document %d: store stamped copy: %w", d.ID, inStore(err))
	}
	return sum, why, nil
}

// heicToJPEG converts the HEIC photo d read from r to JPEG, or says why it
// cannot be stamped; err is for failures worth a retry.
func (w *StampWorker) heicToJPEG(ctx context.Context, d storage.Document, r io.Reader) (jpg []byte, why notStamped, err error) {
	jpg, err = ocr.HEICToJPEG(ctx, r, w.cfg.TempDir, w.cfg.MaxBytes)
	switch {
	case err == nil:
		return jpg, why, nil
	case errors.Is(err, ocr.ErrUnavailable):
		return nil, notStamped{storage.StampNoProgram, "Not stamped: this server cannot convert HEIC photos " +
			"(heif-convert, from libheif-examples, is not installed). The original is filed unchanged. " +
			"Ask the sender for the photo as a JPEG or a PDF, and whoever runs claimdesk to install libheif-examples."}, nil
	case ctx.Err() != nil:
		return nil, why, fmt.Errorf("stamp document %d: %w", d.ID, err)
	}
	w.log.Info("heic photo not converted for its stamp", "document_id", d.ID, "err", err)
	return nil, notStamped{storage.StampDamaged, "Not stamped: the HEIC photo could not be converted into a picture a PDF can hold; " +
		"it may be damaged. The original is filed unchanged. Ask the sender to send the photo again, as a JPEG if they can."}, nil
}

// pictureNotStamped explains, for the coordinator, why a picture of a
// signed form has no stamped copy; no reason when err is not about the
// picture.
func pictureNotStamped(err error, maxBytes int64) notStamped {
	switch {
	case errors.Is(err, errNoFaxConverter):
		return notStamped{storage.StampNoProgram, "Not stamped: the fax is in two-dimensional Group 3 coding, which this server cannot read " +
			"(tiffcp, from libtiff-tools, is not installed). The original is filed unchanged. " +
			"Ask the sender for it as a PDF, and whoever runs claimdesk to install libtiff-tools."}
	case errors.Is(err, stamp.ErrPictureFormat):
		return notStamped{storage.StampUnsupported, "Not stamped: the picture's format or compression is not one a stamped PDF is made from " +
			"(JPEG, PNG, WebP, HEIC, TIFF, GIF and BMP are; a TIFF that mixes two-dimensional Group 3 fax pages with pages in colour " +
			"or grey is not). The original is filed unchanged. Ask the sender for it as a PDF or a JPEG."}
	case errors.Is(err, stamp.ErrTooLarge):
		return notStamped{storage.StampTooLarge, fmt.Sprintf("Not stamped: the picture is beyond the stamping limits "+
			"(%s, %d million pixels a page, %d pages, %s of memory to read it; progressive, CMYK and 16-bit pictures take "+
			"several times an ordinary photo's). The original is filed unchanged. Ask the sender for a smaller picture, or for it as a PDF.",
			humanSize(maxBytes), stamp.DefaultMaxPixels/1_000_000, stamp.MaxPicturePages, humanSize(stamp.DefaultMaxPictureMemory))}
	case errors.Is(err, stamp.ErrBadPicture):
		return notStamped{storage.StampDamaged, "Not stamped: the picture is damaged or incomplete and could not be read. " +
			"The original is filed unchanged. Ask the sender to send it again."}
	}
	return notStamped{}
}
