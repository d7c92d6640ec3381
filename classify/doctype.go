package classify

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Document types (exact strings other tools rely on).
const (
	DocPhoto     = "photo"      // DocPhoto is a picture of the loss (Photos).
	DocATP       = "atp"        // DocATP is a signed work authorization (Contracts).
	DocATR       = "atr"        // DocATR is a signed authorization to repair, the rebuild's contract (Contracts).
	DocCOS       = "cos"        // DocCOS is a certificate of satisfaction (Contracts).
	DocWaiver    = "waiver"     // DocWaiver is a signed release (Contracts).
	DocEstimate  = "estimate"   // DocEstimate is an ESX or estimate PDF (Estimates).
	DocSketch    = "sketch"     // DocSketch is a sketch or floor plan (Sketches).
	DocScope     = "scope"      // DocScope is a scope of work (Scope).
	DocLabReport = "lab_report" // DocLabReport is a lab report such as ITEL's (Lab Reports).
	DocInvoice   = "invoice"    // DocInvoice is an invoice or receipt (Invoices).
	DocDryingLog = "drying_log" // DocDryingLog is a moisture or drying log (Drying Logs).
	DocOther     = "other"      // DocOther is any other document (Other).
	// DocInline marks a body image (signature logo): kept with the message,
	// not filed.
	DocInline = "inline"
)

var folders = map[string]string{
	DocPhoto: "Photos", DocATP: "Contracts", DocATR: "Contracts", DocCOS: "Contracts", DocWaiver: "Contracts",
	DocEstimate: "Estimates", DocSketch: "Sketches", DocScope: "Scope", DocLabReport: "Lab Reports",
	DocInvoice: "Invoices", DocDryingLog: "Drying Logs", DocOther: "Other",
}

// filedTypes are the types documents are filed as, in the order of the
// contract's list.
var filedTypes = []string{DocPhoto, DocATP, DocATR, DocCOS, DocWaiver, DocEstimate, DocSketch, DocScope,
	DocLabReport, DocInvoice, DocDryingLog, DocOther}

// FiledTypes returns the types documents are filed as (every type but
// DocInline), each with a claim folder: those a person may give a document.
func FiledTypes() []string { return slices.Clone(filedTypes) }

// IsFiledType reports whether documents are filed as type t.
func IsFiledType(t string) bool { return slices.Contains(filedTypes, t) }

// SignedForm reports whether documents of type t are forms the homeowner
// signs (ATP, ATR, COS, waiver), which the carrier and billing expect with
// the office's received stamp, a photographed one too.
func SignedForm(t string) bool {
	switch t {
	case DocATP, DocATR, DocCOS, DocWaiver:
		return true
	}
	return false
}

// Folder returns the claim folder of a document type, "" for DocInline
// (not filed), and "Other" for an unknown type.
func Folder(docType string) string {
	if docType == DocInline {
		return ""
	}
	if f, ok := folders[docType]; ok {
		return f
	}
	return folders[DocOther]
}

// docTerms lists, per type, the phrases that name it. Types are tried in
// this order where a name holds several ("ITEL invoice" is an invoice).
var docTerms = []struct {
	docType string
	name    []string // in file names and message subjects
	title   []string // in a document's first lines
	text    []string // anywhere in a document's text
}{
	{DocInvoice,
		[]string{"invoice", "invoices", "inv", "billing", "receipt", "factura", "recibo"},
		[]string{"invoice", "factura", "amount due", "balance due", "bill to", "remit to"},
		[]string{"amount due", "balance due", "total due", "payment terms", "remit to", "invoice number"}},
	{DocCOS,
		[]string{"cos", "certificate of satisfaction", "cert of satisfaction", "certificate of completion", "completion certificate", "satisfaction", "certificado de satisfaccion", "certificado", "conformidad", "job completion"},
		[]string{"certificate of satisfaction", "certificado de satisfaccion", "certificate of completion", "completion certificate", "satisfaction"},
		[]string{"satisfied with the services", "satisfied with the work", "work has been completed to my satisfaction", "satisfecho"}},
	{DocWaiver,
		[]string{"waiver", "release", "liability release", "renuncia", "exoneracion", "descargo", "hold harmless"},
		[]string{"waiver", "release of liability", "liability release", "release", "hold harmless", "renuncia", "exoneracion"},
		[]string{"hold harmless", "release of liability", "waive", "i decline", "declines the removal"}},
	// Before the ATP, whose words ("authorization", "contract") an
	// authorization to repair also holds: only wording that names the
	// repair or the rebuild makes an ATR, never "authorization" alone.
	{DocATR,
		[]string{"atr", "authorization to repair", "repair authorization", "authorization for repairs", "authorization for repair",
			"repair contract", "repair agreement", "rebuild contract", "rebuild agreement", "reconstruction contract",
			"reconstruction agreement", "autorizacion de reparacion", "autorizacion para reparar", "autorizacion de reparaciones",
			"contrato de reparacion", "contrato de reconstruccion"},
		[]string{"authorization to repair", "repair authorization", "authorization for repairs", "authorization for repair",
			"repair contract", "repair agreement", "rebuild contract", "rebuild agreement", "reconstruction contract",
			"reconstruction agreement", "autorizacion de reparacion", "autorizacion para reparar", "autorizacion de reparaciones",
			"contrato de reparacion", "contrato de reconstruccion"},
		[]string{"authorization to repair", "authorize the repairs", "authorize the company to repair", "autorizo la reparacion",
			"autorizo las reparaciones"}},
	{DocATP,
		[]string{"atp", "work auth", "work authorization", "workauth", "authorization", "auth", "authorization to proceed", "authorization to perform", "autorizacion", "contract", "contrato", "service agreement", "agreement", "aob", "assignment of benefits", "direction to pay", "dtp"},
		[]string{"work authorization", "authorization to perform", "authorization to proceed", "authorization for", "autorizacion de trabajo", "autorizacion", "service agreement", "services agreement", "assignment of benefits", "direction to pay", "work order authorization"},
		[]string{"i authorize", "i hereby authorize", "authorize the company", "autorizo"}},
	{DocLabReport,
		[]string{"itel", "lab", "lab report", "lab results", "laboratory", "sample analysis", "asbestos", "mold test", "air quality", "spore", "laboratorio", "iaq"},
		[]string{"itel", "laboratories", "laboratory", "lab report", "sample analysis", "analysis report", "certificate of analysis", "laboratorio"},
		[]string{"like kind and quality", "sample analysis", "laboratory", "spore trap"}},
	{DocDryingLog,
		[]string{"drying", "dry log", "drylog", "drying log", "moisture", "moisture log", "moisture map", "moisture readings", "psychrometric", "psychro", "dry out", "dryout", "secado", "humedad", "mitigation log", "readings"},
		[]string{"drying log", "moisture log", "moisture", "drying", "psychrometric", "dry log", "registro de secado", "humedad", "moisture map"},
		[]string{"dry standard", "moisture content", "grains per pound", "relative humidity", "gpp"}},
	{DocSketch,
		// Not "plano": it is also a city.
		[]string{"sketch", "floor plan", "floorplan", "floor plans", "diagram", "croquis", "layout"},
		[]string{"sketch", "floor plan", "floorplan", "diagram", "croquis"},
		[]string{"floor plan"}},
	{DocScope,
		[]string{"scope", "sow", "scope of work", "alcance"},
		[]string{"scope of work", "scope", "alcance de trabajo", "alcance"},
		[]string{"scope of work"}},
	{DocEstimate,
		[]string{"estimate", "est", "xactimate", "esx", "presupuesto", "cotizacion", "quote", "estimado", "supplement", "final draft", "rough draft"},
		[]string{"estimate", "xactimate", "presupuesto", "estimado", "final draft"},
		[]string{"line item", "rcv", "acv", "depreciation", "xactimate", "estimate"}},
	{DocPhoto,
		[]string{"photo", "photos", "photo report", "photo sheet", "picture", "pictures", "fotos", "foto"},
		[]string{"photo report", "photo sheet", "photographs", "photos", "fotos"},
		nil},
}

var logoWords = map[string]bool{
	"logo": true, "logos": true, "signature": true, "sig": true, "banner": true, "icon": true,
	"facebook": true, "twitter": true, "linkedin": true, "instagram": true, "youtube": true,
	"spacer": true, "pixel": true, "badge": true, "emblem": true, "firma": true, "header": true, "footer": true, "outlook": true,
}

var outlookImageRe = regexp.MustCompile(`(?i)^(image0\d\d|outlook-[a-z0-9]+)\.(png|jpe?g|gif)$`)

var cameraNameRe = regexp.MustCompile(`(?i)^(img|dsc|dscn|dcim|pxl|mvimg|photo|pic|p\d{7}|\d{8}[_-]\d{6}|vid)[_-]?\d`)

var imageExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".heic": true, ".heif": true,
	".webp": true, ".bmp": true, ".jfif": true, ".avif": true,
}

// nameWords splits a file name (without extension) into folded words,
// breaking camelCase and letter-digit joins ("WorkAuth2" is "work auth 2").
func nameWords(name string) []string {
	base := strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	rs := []rune(base)
	for i, r := range rs {
		if i > 0 {
			p := rs[i-1]
			switch {
			case unicode.IsLower(p) && unicode.IsUpper(r),
				unicode.IsLetter(p) && unicode.IsDigit(r),
				unicode.IsDigit(p) && unicode.IsLetter(r),
				unicode.IsUpper(p) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return words(b.String())
}

// typeFromWords returns the first type whose name phrases appear in the
// spaced text, with the phrase.
func typeFromWords(sp string) (string, string) {
	for _, t := range docTerms {
		for _, p := range t.name {
			if hasPhrase(sp, p) {
				return t.docType, p
			}
		}
	}
	return "", ""
}

// typesFromWords returns every type named in the spaced text.
func typesFromWords(sp string) map[string]string {
	out := map[string]string{}
	for _, t := range docTerms {
		for _, p := range t.name {
			if hasPhrase(sp, p) {
				out[t.docType] = p
				break
			}
		}
	}
	return out
}

// typeFromText reads a document's type from its text: the phrase nearest
// the top of the document wins, titles first.
func typeFromText(text string) (string, string) {
	if strings.TrimSpace(text) == "" {
		return "", ""
	}
	if len(text) > 64<<10 {
		text = text[:64<<10]
	}
	title := titleLines(text)
	if t, ev := typeFromTitle(title); t != "" {
		return t, ev
	}
	sp := spaced(text)
	best, phrase, at := "", "", -1
	for _, t := range docTerms {
		for _, list := range [][]string{t.title, t.text} {
			for _, p := range list {
				if i := strings.Index(sp, " "+p+" "); i >= 0 && (at < 0 || i < at) {
					best, phrase, at = t.docType, p, i
				}
			}
		}
	}
	if best != "" {
		return best, "document text " + quote(phrase)
	}
	return "", ""
}

// titleLines returns a document's first few non-empty lines.
func titleLines(text string) []string {
	var title []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		title = append(title, l)
		if len(title) == 3 {
			break
		}
	}
	return title
}

// typeFromTitle reads a document's type from its title lines: in the first
// line that names a type, the phrase nearest its start.
func typeFromTitle(title []string) (string, string) {
	for _, l := range title {
		sp := spaced(l)
		best, at := "", -1
		for _, t := range docTerms {
			for _, p := range t.title {
				if i := strings.Index(sp, " "+p+" "); i >= 0 && (at < 0 || i < at) {
					best, at = t.docType, i
				}
			}
		}
		if best != "" {
			return best, "document title " + quote(strings.TrimSpace(l))
		}
	}
	return "", ""
}

// kindOfPaperNames are file-name words that say a file is a signed paper
// but not which: "Contract.pdf" may hold the work authorization or the
// rebuild's contract, "Agreement" any of them. The document's own title,
// when it names a type, says which.
var kindOfPaperNames = map[string]bool{
	"contract": true, "contrato": true, "agreement": true, "authorization": true, "auth": true,
	"autorizacion": true, "certificado": true,
}

func quote(s string) string {
	if len(s) > 80 {
		s = s[:80]
	}
	return "\"" + s + "\""
}

// mailMachinery lists the parts mail programs add on their own.
var mailMachinery = map[string]bool{
	"text/calendar": true, "application/ics": true, "text/vcard": true, "text/x-vcard": true,
	"message/delivery-status": true, "text/rfc822-headers": true, "message/disposition-notification": true,
	"application/pkcs7-signature": true, "application/x-pkcs7-signature": true, "application/ms-tnef": true,
}

var mailMachineryExts = map[string]bool{".ics": true, ".vcs": true, ".vcf": true, ".p7s": true}

// isImage reports whether an attachment is a picture.
func isImage(a Attachment) bool {
	ext := strings.ToLower(path.Ext(a.Filename))
	return imageExts[ext] || strings.HasPrefix(strings.ToLower(a.ContentType), "image/") && !strings.Contains(a.ContentType, "tif")
}

// ownType classifies an attachment from itself alone: extension, MIME type,
// name and text. It returns "" when none of them tells.
func ownType(a Attachment) (string, string) {
	ext := strings.ToLower(path.Ext(a.Filename))
	ct := strings.ToLower(a.ContentType)
	if isImage(a) {
		if t, ev := typeFromText(a.Text); t != "" && !a.Inline {
			// A photo of a signed form is that form.
			return t, ev
		}
		ws := nameWords(a.Filename)
		logo := false
		for _, w := range ws {
			logo = logo || logoWords[w]
		}
		camera := cameraNameRe.MatchString(a.Filename)
		graphic := ext == ".png" || ext == ".gif" || ext == ".bmp" || strings.Contains(ct, "png") || strings.Contains(ct, "gif")
		switch {
		case logo:
			return DocInline, "signature image " + quote(a.Filename)
		case camera:
			return DocPhoto, "camera photo " + quote(a.Filename)
		case a.Inline && outlookImageRe.MatchString(a.Filename):
			// Outlook numbers the pictures of its signatures image001...
			return DocInline, "image shown in the body"
		case a.Inline && !graphic && a.Size >= 20<<10:
			// Phones put photos in the body (iOS names them image0.jpeg):
			// a sizeable JPEG there is a photo, not a logo.
			return DocPhoto, "photo shown in the body"
		case a.Inline:
			return DocInline, "image shown in the body"
		case graphic && a.Size > 0 && a.Size < 4<<10:
			return DocInline, "tiny image"
		}
		return DocPhoto, "image attachment"
	}
	if ext == ".esx" || strings.Contains(ct, "xactimate") {
		return DocEstimate, "Xactimate file " + quote(ext)
	}
	if mailMachinery[ct] || mailMachineryExts[ext] {
		// Invitations, contact cards and bounce reports are never
		// paperwork, whatever the message around them says.
		return DocOther, "mail " + quote(cmp.Or(ct, ext)) + " part"
	}
	ws := nameWords(a.Filename)
	if t, p := typeFromWords(" " + strings.Join(ws, " ") + " "); t != "" {
		if kindOfPaperNames[p] {
			if tt, ev := typeFromTitle(titleLines(a.Text)); tt != "" {
				return tt, ev
			}
		}
		return t, "file name says " + quote(p)
	}
	if t, ev := typeFromText(a.Text); t != "" {
		return t, ev
	}
	return "", ""
}

// DocType classifies one attachment of m: from its extension (.esx is an
// estimate), MIME type, the words of its file name (English and Spanish),
// the text of its first pages, and, for a scanner-named file that none of
// these explains, what the message's subject and body say about it ("signed
// ATP" with one unexplained PDF attached). Pictures are photos unless they
// are body images such as signature logos (DocInline). It returns the type
// and a short explanation.
func DocType(a Attachment, m *Message) (docType string, evidence string) {
	if t, ev := ownType(a); t != "" {
		return t, ev
	}
	ext := strings.ToLower(path.Ext(a.Filename))
	ct := strings.ToLower(a.ContentType)
	if strings.HasPrefix(ct, "video/") || ext == ".mov" || ext == ".mp4" {
		return DocOther, "video"
	}
	if m != nil {
		if t, ev := typeFromContext(a, m); t != "" {
			return t, ev
		}
	}
	return DocOther, "no type found"
}

// typeFromContext gives an unexplained attachment the one document type the
// message mentions and no other attachment already accounts for.
func typeFromContext(a Attachment, m *Message) (string, string) {
	hints := typesFromWords(spaced(m.Subject + "\n" + topText(m.bodyText())))
	if len(hints) == 0 {
		return "", ""
	}
	unexplained := 0
	if !containsAttachment(m.Attachments, a) {
		unexplained++
	}
	for _, o := range m.Attachments {
		t, _ := ownType(o)
		switch {
		case t == DocInline:
		case t == DocEstimate && strings.EqualFold(path.Ext(o.Filename), ".esx"):
			// An estimate package is the ESX and its PDF: the ESX does not
			// account for the estimate the message mentions.
		case t != "":
			delete(hints, t)
		default:
			unexplained++
		}
	}
	if unexplained != 1 || len(hints) != 1 {
		return "", ""
	}
	for t, p := range hints {
		return t, "message mentions " + quote(p)
	}
	return "", ""
}

func containsAttachment(list []Attachment, a Attachment) bool {
	for _, o := range list {
		if o == a {
			return true
		}
	}
	return false
}
