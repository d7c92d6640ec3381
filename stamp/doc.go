// Package stamp puts the received stamp on PDFs: page one, top right,
// "RECEIVED <local date time> · <job number>", keeping the original intact.
// The stamped copy of a scan can also carry the invisible text OCR read of
// its pages (ApplyWithText), laid over each page as OCRmyPDF does, so that
// it is searchable in any viewer; the pictures themselves are not touched.
// A phone photo of a signed form gets the same stamp on a one-page PDF of
// the photo, upright as its EXIF orientation says, and a faxed or scanned
// TIFF a PDF of its pages, each upright as its Orientation tag says, the
// stamp on the first (ApplyPicture).
//
// The package only reads the input and writes the io.Writer it is
// handed: no files, no network, no temporary files. (A fax in
// two-dimensional Group 3 coding, which it does not decode, is converted
// by a function the caller hands it, Options.ConvertFax.) The stamped copy is a new
// PDF; the caller keeps the original bytes (stamping rewrites the file, which
// would break a digital signature, so the original is the record).
//
// Failures are values, never panics. Every error from Apply and PageCount
// that concerns the PDF itself matches one of ErrEncrypted, ErrMalformed or
// ErrTooLarge with errors.Is, so the caller can file the original unstamped
// with a readable reason. A panic inside pdfcpu comes back as a *PanicError,
// which also matches ErrMalformed. ApplyPicture's errors about the picture
// match ErrPictureFormat, ErrBadPicture or ErrTooLarge the same way.
//
// pdfcpu cannot be interrupted once it is parsing or writing: the context is
// checked between the steps, and reading stops early on cancellation, but a
// single large PDF still runs its course. Callers therefore bound concurrency
// themselves and run stamping in its own job with a timeout, and keep
// Options.MaxBytes small enough that the worst case fits in memory: pdfcpu
// holds the whole document while stamping, about its size again on top of
// the input. A picture's stamp is bounded by what its header says it
// costs (Options.MaxPictureMemory), and the picture stamps of a process
// can share one MemoryBudget, waiting their turn within it. Others that
// decode pictures use the same reading of headers (ReadPictureHeader:
// what decoding a picture costs, before any pixel is decoded), EXIF
// orientation (ExifOrientation) and budgets.
package stamp
