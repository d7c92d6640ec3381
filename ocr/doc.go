// Package ocr reads the text of pictures: photos and scans of forms (JPEG,
// PNG, TIFF, HEIC) and the pages of PDFs that carry no text layer. It runs
// Tesseract, poppler's pdftoppm and libheif's heif-convert as child
// processes under internal/boundedexec, so a hostile picture costs at most a
// known amount of time, memory and output. It decides nothing about what the
// text means: the pipeline hands the text to classify like a PDF's text.
//
// A PDF is read page by page: typed pages give their own text (poppler's
// pdftotext), blank pages nothing, and only pages that are pictures go to
// tesseract, which also writes each such page's text as a text-only PDF
// page (Text.Layers) for package stamp to lay over the scan, so that its
// stamped copy is searchable.
//
// Without tesseract on the machine every read gives "" and ErrUnavailable,
// and claimdesk classifies such files by their names as before.
package ocr
