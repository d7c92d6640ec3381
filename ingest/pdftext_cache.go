package ingest

import (
	"context"
	"sync"

	"github.com/claimdesk/claimdesk/storage"
)

// PDFTexts finds the text of a PDF already read, by the SHA-256 of its
// content. A claims inbox sees the same files again and again (the estimate
// attached to every reply of a thread, a form re-sent, a forward), and each
// read costs poppler's work on every page and a temporary file.
type PDFTexts interface {
	// Text returns the text of the PDF with content hash sha, and whether
	// it is known.
	Text(ctx context.Context, sha string) (string, bool)
	// Remember keeps the text read of the PDF with content hash sha.
	Remember(sha, text string)
}

// pdfTextMemoryBytes bounds the texts a process keeps in memory.
const pdfTextMemoryBytes = 16 << 20

// pdfTextCache remembers texts in memory (the empty texts of scans and
// damaged files too, which the database does not keep), then looks in the
// database's file_texts, which every claimdesk process shares.
type pdfTextCache struct {
	db *storage.DB // nil: memory only

	mu    sync.Mutex
	texts map[string]string
	// kept marks the texts in memory that the database keeps: read from
	// it, or saved by a transaction that committed.
	kept  map[string]bool
	order []string // oldest first, forgotten first
	bytes int
}

var _ PDFTexts = (*pdfTextCache)(nil)

// newPDFTextCache returns a cache over db's kept texts; db may be nil.
func newPDFTextCache(db *storage.DB) *pdfTextCache {
	return &pdfTextCache{db: db, texts: map[string]string{}, kept: map[string]bool{}}
}

// Text implements PDFTexts. A database error only means reading the PDF
// again.
func (c *pdfTextCache) Text(ctx context.Context, sha string) (string, bool) {
	c.mu.Lock()
	text, ok := c.texts[sha]
	c.mu.Unlock()
	if ok || c.db == nil {
		return text, ok
	}
	text, ok, err := c.db.FileText(ctx, sha)
	if err != nil || !ok {
		return "", false
	}
	c.Remember(sha, text)
	c.keep([]string{sha})
	return text, true
}

// Remember implements PDFTexts.
func (c *pdfTextCache) Remember(sha, text string) {
	size := len(sha) + len(text)
	if size > pdfTextMemoryBytes/4 {
		return // the database keeps it; memory is for the common small ones
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.texts[sha]; ok {
		return
	}
	for c.bytes+size > pdfTextMemoryBytes && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.bytes -= len(old) + len(c.texts[old])
		delete(c.texts, old)
		delete(c.kept, old)
	}
	c.texts[sha] = text
	c.order = append(c.order, sha)
	c.bytes += size
}

// unkept returns those of texts (by SHA-256) the database is not known to
// keep: a processing run saves only those, rather than send an insert
// that would find the text kept (every reply of a thread brings the same
// estimate).
func (c *pdfTextCache) unkept(texts map[string]string) map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]string, len(texts))
	for sha, text := range texts {
		if !c.kept[sha] {
			out[sha] = text
		}
	}
	return out
}

// keep records that the database keeps the texts of shas, those in memory.
func (c *pdfTextCache) keep(shas []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, sha := range shas {
		if _, ok := c.texts[sha]; ok {
			c.kept[sha] = true
		}
	}
}
