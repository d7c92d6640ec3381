package ocr

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
)

// Pictures tells which pages of a PDF draw pictures. A page without text
// or pictures is blank (the back of a typed sheet): tesseract has nothing
// to read there.
type Pictures struct {
	pages map[int]bool
	// all is set when the list is not whole (pdfimages missing, failed,
	// or its list cut): every page not listed may have pictures.
	all bool
}

// Has reports whether page (from 1) may draw a picture.
func (p Pictures) Has(page int) bool { return p.all || p.pages[page] }

// PicturePages lists the pages of the PDF read from in that draw
// pictures, with poppler's pdfimages under the same bounds as a read.
// When it cannot tell, every page may. A file (a blob of the local store,
// which never changes) is read whole where it is; anything else is copied
// to a temporary file first.
func (r *Reader) PicturePages(ctx context.Context, in io.Reader) (Pictures, error) {
	if name, ok := fileName(in); ok {
		return picturePages(ctx, name), nil
	}
	dir, err := os.MkdirTemp(r.TempDir, "claimdesk-ocr-*")
	if err != nil {
		return Pictures{all: true}, fmt.Errorf("ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "in")
	if err := writeFile(file, in); err != nil {
		return Pictures{all: true}, fmt.Errorf("ocr: %w", err)
	}
	return picturePages(ctx, file), nil
}

// fileName returns the name of the regular file in is, when it is one that
// a program can open by that name: the name still is the open file's (the
// store may have moved the blob to another since it was opened).
func fileName(in io.Reader) (string, bool) {
	f, ok := in.(*os.File)
	if !ok || !filepath.IsAbs(f.Name()) {
		return "", false
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	named, err := os.Stat(f.Name())
	return f.Name(), err == nil && os.SameFile(info, named)
}

// picturePages lists the pages of file that draw pictures.
func picturePages(ctx context.Context, file string) Pictures {
	if lookPrograms().pdfimages == "" {
		return Pictures{all: true}
	}
	out, err := runBounded(ctx, lookPrograms().pdfimages, "-list", file)
	cut := errors.Is(err, boundedexec.ErrOutputLimit)
	if err != nil && !cut {
		return Pictures{all: true}
	}
	p := Pictures{pages: map[int]bool{}, all: cut}
	// Two lines of heading, then one line per picture, its page first.
	for i, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		if i < 2 || len(fields) == 0 {
			continue
		}
		if n, err := strconv.Atoi(fields[0]); err == nil {
			p.pages[n] = true
		}
	}
	return p
}
