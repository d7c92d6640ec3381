package stamp

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// maxPageTreeDepth bounds the page-tree walk; real trees are a few levels
// deep, and pdfcpu's own recursion limit is 100.
const maxPageTreeDepth = 100

// repairPageCounts rewrites each /Count in the page tree to the number of
// pages actually below it. Tools that merge or split PDFs sometimes leave a
// stale /Count; viewers and qpdf ignore it, but pdfcpu rejects the file even
// in relaxed mode. Anything stranger than a wrong number (a cycle, a node
// that is not a dictionary, a node of unknown type) is left alone for
// validation to report.
func repairPageCounts(xt *model.XRefTable) {
	root, err := xt.Pages()
	if err != nil || root == nil {
		return
	}
	var counts []func()
	visited := map[int]bool{}
	var walk func(ref types.IndirectRef, depth int) (int, bool)
	walk = func(ref types.IndirectRef, depth int) (int, bool) {
		objNr := ref.ObjectNumber.Value()
		if depth > maxPageTreeDepth || visited[objNr] {
			return 0, false
		}
		visited[objNr] = true
		d, err := xt.DereferenceDict(ref)
		if err != nil || d == nil {
			return 0, false
		}
		switch t := d.Type(); {
		case t != nil && *t == "Page":
			return 1, true
		case t == nil || *t != "Pages":
			return 0, false
		}
		kids, err := xt.DereferenceArray(d["Kids"])
		if err != nil {
			return 0, false
		}
		n := 0
		for _, kid := range kids {
			kidRef, ok := kid.(types.IndirectRef)
			if !ok {
				return 0, false
			}
			k, ok := walk(kidRef, depth+1)
			if !ok {
				return 0, false
			}
			n += k
		}
		if c := d.IntEntry("Count"); c == nil || *c != n {
			// Applied only once the whole tree has been understood.
			counts = append(counts, func() { d["Count"] = types.Integer(n) })
		}
		return n, true
	}
	if _, ok := walk(*root, 0); !ok {
		return
	}
	for _, set := range counts {
		set()
	}
}
