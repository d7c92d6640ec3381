package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/internal/boundedexec"
	"github.com/claimdesk/claimdesk/stamp"
)

// The bounds of one tiffcp run converting a fax of two-dimensional Group 3
// pages to Group 4 (Debian's libtiff-tools), so that a hostile TIFF costs
// at most these: libtiff converts a page in milliseconds, a row at a
// time, in a few MiB besides its libraries. The conversion is no larger
// than the stamp's MaxBytes.
const (
	faxConvertTimeout = time.Minute
	faxConvertMemory  = 512 << 20
	// faxConvertOutput bounds what tiffcp says on its standard output,
	// where it writes nothing: the fax goes to a file.
	faxConvertOutput = 64 << 10
)

// errNoFaxConverter is the conversion's error when tiffcp is not
// installed.
var errNoFaxConverter = errors.New("convert fax: tiffcp (libtiff-tools) is not installed")

// faxToGroup4 converts the TIFF fax tiff, with pages in two-dimensional
// Group 3 coding, to Group 4 with libtiff's tiffcp in a child process
// within the bounds above, through a temporary directory in the worker's
// TempDir: stamp.Options.ConvertFax. A fax libtiff cannot read, or reads
// only by mending lines whose coding is broken, is an error matching
// stamp.ErrBadPicture, as a damaged Group 4 fax is; so is one that takes
// more than the bounds.
func (w *StampWorker) faxToGroup4(ctx context.Context, tiff []byte) ([]byte, error) {
	if w.tiffcp == "" {
		return nil, errNoFaxConverter
	}
	dir, err := os.MkdirTemp(w.cfg.TempDir, "claimdesk-fax-*")
	if err != nil {
		return nil, fmt.Errorf("convert fax: %w", err)
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "fax.tif"), filepath.Join(dir, "g4.tif")
	if err := os.WriteFile(in, tiff, 0o600); err != nil {
		return nil, fmt.Errorf("convert fax: %w", err)
	}
	cmd := boundedexec.Cmd{Path: w.tiffcp, Args: []string{"-c", "g4", in, out},
		Limits: boundedexec.Limits{Timeout: faxConvertTimeout, Memory: faxConvertMemory, Output: faxConvertOutput,
			FileSize: w.cfg.MaxBytes + 1}}
	_, warnings, err := cmd.RunStderr(ctx)
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Errorf("convert fax: %w", err)
	case errors.Is(err, boundedexec.ErrFileLimit):
		return nil, fmt.Errorf("convert fax: %w: %w", stamp.ErrTooLarge, err)
	case err != nil:
		return nil, fmt.Errorf("convert fax: %w: %w", stamp.ErrBadPicture, err)
	}
	if line, ok := faxCodingError(string(warnings)); ok {
		return nil, fmt.Errorf("convert fax: %w: tiffcp: %s", stamp.ErrBadPicture, line)
	}
	f, err := os.Open(out)
	if err != nil {
		return nil, fmt.Errorf("convert fax: %w", err)
	}
	defer f.Close()
	// One byte past MaxBytes tells stamp the conversion is too large.
	g4, err := io.ReadAll(io.LimitReader(f, w.cfg.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("convert fax: %w", err)
	}
	return g4, nil
}

// faxCodingError returns the line of tiffcp's warnings in which libtiff's
// fax decoder (Fax3Decode1D, Fax3Decode2D, ...) says it met a line whose
// coding is broken and went on, padding or cutting it: the page it wrote
// is not the page that was sent. Other warnings (a tag libtiff does not
// know) say nothing of the pages.
func faxCodingError(warnings string) (string, bool) {
	for line := range strings.Lines(warnings) {
		if module, _, ok := strings.Cut(line, ":"); ok && strings.HasPrefix(module, "Fax") && strings.Contains(module, "Decode") {
			return strings.TrimSpace(line), true
		}
	}
	return "", false
}
