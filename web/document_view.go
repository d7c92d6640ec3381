package web

import (
	"fmt"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/thumbnail"
)

// browserShows reports whether a browser shows a document stored as
// contentType in a tab of its own, as serveDocument serves it when asked
// to (inlineTypes): a PDF or a photo, not a faxed TIFF, a BMP scan or a
// HEIC photo, which it saves instead, leaving the tab opened for it blank.
func browserShows(contentType string) bool {
	return inlineTypes[downloadType(contentType)]
}

// fileView is where a filed document's View leads, on every page that
// links to one (the claim page, the message page, search), so that none
// opens a tab a browser leaves blank.
type fileView struct {
	URL   string
	InTab bool // opens in a tab of its own
	// Note says why URL is not the original; empty when it is.
	Note string
	// Viewable is false for a file that only downloads: URL is its
	// download, and no page offers to View it.
	Viewable bool
}

// viewOf returns where document id, stored as contentType, is viewed: the
// original, in a tab, when a browser shows it; else its stamped PDF, in a
// tab, when it has one (a faxed form's); else nowhere but its download.
func viewOf(id int64, contentType string, stamped bool) fileView {
	switch {
	case browserShows(contentType):
		return fileView{URL: documentURL(id, "original") + "?inline=1", InTab: true, Viewable: true}
	case stamped:
		return fileView{URL: documentURL(id, "stamped") + "?inline=1", InTab: true, Viewable: true,
			Note: "Browsers cannot show this file: View opens its stamped PDF; Download gives the file as received."}
	}
	return fileView{URL: documentURL(id, "original")}
}

// setView sets where the document's View link leads: a filed message's
// page, else as viewOf says.
func (dv *docView) setView() {
	d := dv.Document
	if d.DocType == storage.DocTypeCorrespondence && len(d.MessageIDs) > 0 {
		// A browser cannot show an .eml: the message page shows it.
		dv.View = fileView{URL: fmt.Sprintf("/messages/%d", d.MessageIDs[0]), Viewable: true}
		return
	}
	dv.View = viewOf(d.ID, d.ContentType, d.StampedSHA256 != "")
}

// thumbSource is the file doc's thumbnail is made from: the document
// itself when it is a photo or a PDF, else its stamped PDF when it has one
// (a faxed TIFF form's, a BMP scan's, a HEIC photo's), whose first page
// is the form's, stamped. ok is false when there is neither.
func thumbSource(doc storage.Document) (f thumbnail.File, ok bool) {
	if thumbnail.Kind(doc.ContentType, doc.Filename) != "" {
		return thumbnail.File{SHA256: doc.SHA256, Size: doc.Size, ContentType: doc.ContentType, Filename: doc.Filename}, true
	}
	if doc.StampedSHA256 != "" {
		return thumbnail.File{SHA256: doc.StampedSHA256, ContentType: "application/pdf", Filename: doc.StampedName()}, true
	}
	return thumbnail.File{}, false
}

// thumbURL is the address of doc's thumbnail, "" when it has none. One
// made from the stamped copy names that copy: the copy is made again when
// the claim's job number changes, and the browser keeps a thumbnail a day.
func thumbURL(doc storage.Document) string {
	f, ok := thumbSource(doc)
	switch {
	case !ok:
		return ""
	case f.SHA256 != doc.SHA256:
		return fmt.Sprintf("/documents/%d/thumbnail?stamped=%.16s", doc.ID, f.SHA256)
	}
	return fmt.Sprintf("/documents/%d/thumbnail", doc.ID)
}
