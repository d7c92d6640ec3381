package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Email HTML is written by anyone. It is shown only after three
// independent guards, each enough alone against scripts: bluemonday's UGC
// policy strips scripts, event handlers and dangerous URLs; the frame it is
// shown in is sandboxed without allow-scripts; and its own response carries
// a CSP that loads nothing but our images. Remote content (tracking pixels,
// remote images, fonts, CSS url()) is never fetched: the sanitizer drops it
// and the CSP would refuse it.

// mailPolicy is the sanitizing policy for email bodies. A Policy is safe
// for concurrent use once built.
var mailPolicy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	// cid: addresses the message's own parts; the rewrite below turns them
	// into our URLs, or drops them.
	p.AllowURLSchemes("http", "https", "mailto", "tel", "cid")
	p.AllowDataURIImages()
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	// Email is laid out with tables and presentational attributes; without
	// them, signatures and carrier notices fall apart. None of these load
	// anything ("background" would, and is left out).
	p.AllowAttrs("align", "valign", "width", "height", "bgcolor", "border", "cellpadding", "cellspacing", "colspan", "rowspan").
		OnElements("table", "tbody", "thead", "tfoot", "tr", "td", "th", "col", "colgroup")
	p.AllowAttrs("align").OnElements("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "img", "center")
	p.AllowElements("font", "center")
	p.AllowAttrs("color", "face", "size").OnElements("font")
	// Inline styles, a property at a time, each value checked by
	// bluemonday's per-property rules: colours, fonts, spacing. Nothing
	// that takes a URL (background, list-style-image, cursor, content),
	// and nothing positional that could draw over our page.
	p.AllowStyles("color", "background-color", "font-family", "font-size", "font-style", "font-weight",
		"text-align", "text-decoration", "text-transform", "line-height", "letter-spacing", "white-space",
		"vertical-align", "width", "max-width", "min-width", "height", "max-height", "min-height",
		"margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
		"padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
		"border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style",
		"border-width", "border-collapse", "border-spacing", "border-radius", "text-indent", "list-style-type").
		Globally()
	return p
}()

// mailImage is an image the message carries itself, by Content-ID.
type mailImage struct {
	path        string // MIME part path, which our part URL names
	contentType string
}

// servableImageTypes are the image types served from a message's parts:
// raster formats a browser cannot run. SVG can carry script and is not
// among them.
var servableImageTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
}

// imageType returns the servable image type of a part's content type, or
// "" when it is not one.
func imageType(contentType string) string {
	ct := strings.ToLower(strings.TrimSpace(contentType))
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = strings.TrimSpace(ct[:i])
	}
	if ct == "image/jpg" || ct == "image/pjpeg" {
		ct = "image/jpeg"
	}
	if servableImageTypes[ct] {
		return ct
	}
	return ""
}

// contentIDKey normalizes a Content-ID as headers and cid: URLs write it:
// "<logo@x>" in the header is "cid:logo@x" (percent-encoded maybe) in HTML.
func contentIDKey(id string) string {
	id = strings.TrimSpace(id)
	if u, err := url.PathUnescape(id); err == nil {
		id = u
	}
	return strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">"))
}

// sanitizeMailHTML returns the body of message messageID safe to show:
// sanitized, its cid: images pointing at our part URLs, remote images
// dropped (counted in blocked).
func sanitizeMailHTML(body string, messageID int64, images map[string]mailImage) (clean string, blocked int) {
	safe := mailPolicy.Sanitize(body)
	var out strings.Builder
	out.Grow(len(safe))
	z := html.NewTokenizer(strings.NewReader(safe))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			switch tok.Data {
			case "img":
				src, ok := rewriteImageSrc(attr(tok, "src"), messageID, images)
				if !ok {
					blocked++
					out.WriteString(blockedImage(attr(tok, "alt")))
					continue
				}
				setAttr(&tok, "src", src)
			case "a":
				if href := attr(tok, "href"); strings.HasPrefix(strings.ToLower(href), "cid:") {
					removeAttr(&tok, "href")
				}
			}
		}
		out.WriteString(tok.String())
	}
	return out.String(), blocked
}

// rewriteImageSrc returns what an img's src becomes: a cid: image of the
// message becomes our part URL, a data: image (checked by the sanitizer)
// stays, and anything else is refused.
func rewriteImageSrc(src string, messageID int64, images map[string]mailImage) (string, bool) {
	lower := strings.ToLower(strings.TrimSpace(src))
	switch {
	case strings.HasPrefix(lower, "data:"):
		// The sanitizer checked the encoding; only raster types are shown.
		mediaType, _, _ := strings.Cut(lower[len("data:"):], ";")
		return src, imageType(mediaType) != ""
	case strings.HasPrefix(lower, "cid:"):
		img, ok := images[contentIDKey(strings.TrimSpace(src)[4:])]
		if !ok {
			return "", false
		}
		return partURL(messageID, img.path), true
	}
	return "", false
}

// partURL is the address of a message's part.
func partURL(messageID int64, path string) string {
	return fmt.Sprintf("/messages/%d/parts/%s", messageID, url.PathEscape(path))
}

var altSpace = regexp.MustCompile(`\s+`)

// blockedImage is what stands in for an image not loaded.
func blockedImage(alt string) string {
	alt = strings.TrimSpace(altSpace.ReplaceAllString(alt, " "))
	if len(alt) > 80 {
		alt = alt[:80] + "…"
	}
	label := "image not loaded"
	if alt != "" {
		label = "image not loaded: " + alt
	}
	return `<span class="blocked-image" title="Remote images are not loaded">[` + html.EscapeString(label) + `]</span>`
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(t *html.Token, key, val string) {
	for i, a := range t.Attr {
		if a.Key == key {
			t.Attr[i].Val = val
			return
		}
	}
	t.Attr = append(t.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(t *html.Token, key string) {
	attrs := t.Attr[:0]
	for _, a := range t.Attr {
		if a.Key != key {
			attrs = append(attrs, a)
		}
	}
	t.Attr = attrs
}

// mailFrameCSP is the policy of a shown email body: nothing runs, nothing
// loads but our own images and inline data images, no form posts, and only
// our pages may frame it. The sandbox applies even when the body is opened
// on its own, outside its frame.
const mailFrameCSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; " +
	"frame-ancestors 'self'; form-action 'none'; base-uri 'none'; " +
	"sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox"

// mailDocument wraps a sanitized body into the document its frame shows.
// Links open in a new tab: the frame cannot navigate our page.
func mailDocument(body string) string {
	return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank">
<style>
html{color-scheme:light}
body{margin:0;padding:.75rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2327;background:#fff;overflow-wrap:anywhere}
img{max-width:100%;height:auto}
table{max-width:100%}
pre{white-space:pre-wrap}
blockquote{margin:.5rem 0 .5rem .5rem;padding-left:.75rem;border-left:3px solid #dde1e4;color:#5f6b73}
.blocked-image{display:inline-block;padding:0 .3rem;border:1px dashed #b7bfc5;border-radius:3px;color:#5f6b73;font-size:.8rem}
</style></head><body>` + body + `</body></html>`
}
