package classify

import "testing"

func TestDocType(t *testing.T) {
	t.Parallel()
	pdf := func(name, text string) Attachment {
		return Attachment{Filename: name, ContentType: "application/pdf", Size: 40 << 10, Text: text}
	}
	img := func(name string, size int64, inline bool) Attachment {
		ct := "image/jpeg"
		if len(name) > 4 && name[len(name)-4:] == ".png" {
			ct = "image/png"
		}
		return Attachment{Filename: name, ContentType: ct, Size: size, Inline: inline}
	}
	tests := []struct {
		name string
		a    Attachment
		msg  *Message
		want string
	}{
		// Extension and MIME type.
		{"esx", Attachment{Filename: "SMITH_26-1031-WTR.ESX", ContentType: "application/octet-stream"}, nil, DocEstimate},
		{"camera photo", img("IMG_4171.JPG", 2<<20, false), nil, DocPhoto},
		{"generic image", img("image4170.jpeg", 40<<10, false), nil, DocPhoto},
		{"heic", Attachment{Filename: "IMG_0001.HEIC", ContentType: "image/heic", Size: 1 << 20}, nil, DocPhoto},
		{"signature logo", img("logo.png", 1300, true), nil, DocInline},
		{"logo attached, not inline", img("company-logo.png", 9<<10, false), nil, DocInline},
		{"outlook signature image", Attachment{Filename: "image001.png", ContentType: "image/png", Size: 12 << 10, Inline: true, ContentID: "image001.png@01DA"}, nil, DocInline},
		{"outlook signature jpeg", Attachment{Filename: "image002.jpg", ContentType: "image/jpeg", Size: 30 << 10, Inline: true, ContentID: "x"}, nil, DocInline},
		{"iPhone photo in the body", img("image0.jpeg", 900<<10, true), nil, DocPhoto},
		{"camera photo in the body", img("IMG_2231.jpeg", 30<<10, true), nil, DocPhoto},
		{"phone photo of a COS, read by OCR", Attachment{Filename: "IMG_4410.JPG", ContentType: "image/jpeg", Size: 2 << 20, OCR: true,
			Text: "CERTIFICATE OF SATISFACTION\nCustomer: Maria Pena\nSignature"}, nil, DocCOS},
		{"jobsite photo with a sign in it", Attachment{Filename: "IMG_4411.JPG", ContentType: "image/jpeg", Size: 2 << 20, OCR: true,
			Text: "EXIT"}, nil, DocPhoto},
		{"tracking pixel", Attachment{Filename: "p.gif", ContentType: "image/gif", Size: 43}, nil, DocInline},
		// File name words, English and Spanish.
		{"cos", pdf("COS.pdf", ""), nil, DocCOS},
		{"cert of satisfaction", pdf("Cert of Satisfaction - Lopez.pdf", ""), nil, DocCOS},
		{"spanish cos", pdf("Certificado de satisfacción – firmado.pdf", ""), nil, DocCOS},
		{"atp", pdf("Miller_ATP.pdf", ""), nil, DocATP},
		{"work auth", pdf("Signed Work Auth.pdf", ""), nil, DocATP},
		{"camel case", pdf("WorkAuthorization2.pdf", ""), nil, DocATP},
		{"spanish atp", pdf("Autorización firmada.pdf", ""), nil, DocATP},
		{"atr", pdf("Miller_ATR.pdf", ""), nil, DocATR},
		{"authorization to repair", pdf("Authorization to Repair - signed.pdf", ""), nil, DocATR},
		{"rebuild contract", pdf("Rebuild Contract Lopez.pdf", ""), nil, DocATR},
		{"spanish atr", pdf("Autorización de reparación firmada.pdf", ""), nil, DocATR},
		{"spanish repair contract", pdf("Contrato de reparación.pdf", ""), nil, DocATR},
		{"authorization alone stays atp", pdf("Authorization signed.pdf", ""), nil, DocATP},
		{"authorization to proceed is atp", pdf("Authorization to Proceed.pdf", ""), nil, DocATP},
		{"contract alone stays atp", pdf("Contract - Miller.pdf", ""), nil, DocATP},
		// A name that says only "a signed paper" yields to the title.
		{"contract titled as the rebuild's", pdf("Miller_Contract.pdf", "REBUILD AGREEMENT\nOwner: Ann Miller"), nil, DocATR},
		{"agreement titled as a cos", pdf("Agreement signed.pdf", "Certificate of Completion\nOwner: Ann Miller"), nil, DocCOS},
		{"spanish contract titled as a release", pdf("Contrato firmado.pdf", "RELEASE OF LIABILITY\nPropietario: Ana"), nil, DocWaiver},
		{"contract titled as a work authorization", pdf("Contract.pdf", "WORK AUTHORIZATION\nOwner: Ann Miller"), nil, DocATP},
		{"contract whose title names nothing stays atp", pdf("Contract.pdf", "Evergreen Restoration\nOwner: Ann Miller"), nil, DocATP},
		{"a specific name beats the title", pdf("Miller_ATP.pdf", "REBUILD AGREEMENT"), nil, DocATP},
		{"repairs estimate is no atr", pdf("Repairs estimate.pdf", ""), nil, DocEstimate},
		{"waiver", pdf("Mold Waiver signed.pdf", ""), nil, DocWaiver},
		{"release", pdf("Release - flooring.pdf", ""), nil, DocWaiver},
		{"estimate", pdf("26-1017-WTR Estimate.pdf", ""), nil, DocEstimate},
		{"sketch", pdf("26-1017-WTR Sketch.pdf", ""), nil, DocSketch},
		{"floor plan", pdf("Floor Plan.pdf", ""), nil, DocSketch},
		{"scope", pdf("Reinspection scope.pdf", ""), nil, DocScope},
		{"itel", pdf("ITEL_GHM1417.pdf", ""), nil, DocLabReport},
		{"lab results", pdf("Mold lab results.pdf", ""), nil, DocLabReport},
		{"invoice", pdf("INV-50477.pdf", ""), nil, DocInvoice},
		{"spanish invoice", pdf("Factura 2231.pdf", ""), nil, DocInvoice},
		{"lab invoice is an invoice", pdf("ITEL invoice 778.pdf", ""), nil, DocInvoice},
		{"drying log", pdf("Drying Log 26-1008-WTR.pdf", ""), nil, DocDryingLog},
		{"moisture map", pdf("Moisture Map day 3.pdf", ""), nil, DocDryingLog},
		{"psychrometric", pdf("Psychrometric readings.xlsx", ""), nil, DocDryingLog},
		{"spanish drying", pdf("Registro de secado.pdf", ""), nil, DocDryingLog},
		{"photo report pdf", pdf("Photo Report - day 1.pdf", ""), nil, DocPhoto},
		// Text of scanner-named files.
		{"text cos", pdf("document1.pdf", "CERTIFICATE OF SATISFACTION\n\nCustomer: Nancy Moore"), nil, DocCOS},
		{"text atp", pdf("Doc1.pdf", "AUTHORIZATION TO PROCEED / WORK AUTHORIZATION\nCustomer: Carlos Lopez"), nil, DocATP},
		{"text atr", pdf("Doc1.pdf", "AUTHORIZATION TO REPAIR\nOwner: Carlos Lopez\nRebuild of kitchen"), nil, DocATR},
		{"text spanish atr", pdf("scan0007.pdf", "AUTORIZACIÓN DE REPARACIÓN\nPropietario: Ana"), nil, DocATR},
		{"text atp mentioning repairs later", pdf("Doc1.pdf", "WORK AUTHORIZATION\nMitigation now; an authorization to repair follows for the rebuild."), nil, DocATP},
		{"text itel", pdf("Scan_20261105.pdf", "ITEL LABORATORIES - SAMPLE ANALYSIS REPORT\nClaim Number: 292244-GK"), nil, DocLabReport},
		{"text drying", pdf("Doc2.pdf", "MOISTURE / DRYING LOG\nDay 1: 42%"), nil, DocDryingLog},
		{"text sketch", pdf("Scan_20261108.pdf", "SKETCH\n\nMain Level"), nil, DocSketch},
		{"text scope", pdf("Doc3.pdf", "SCOPE OF WORK / 24 HR SCOPE\nCAT 2 / Class 2"), nil, DocScope},
		{"text invoice", pdf("Doc1.pdf", "INVOICE\n\nRoll-off container 20 yd"), nil, DocInvoice},
		{"text estimate", pdf("document1.pdf", "ESTIMATE\n\nInsured: Rosa Miller"), nil, DocEstimate},
		{"text spanish cos", pdf("scan0003.pdf", "CERTIFICADO DE SATISFACCIÓN\nCliente: Ana"), nil, DocCOS},
		{"text without title", pdf("scan0004.pdf", "Company LLC\n123 Main St\nPlano TX\nI hereby authorize the company to begin work."), nil, DocATP},
		{"text invoice without title", pdf("scan0005.pdf", "Lone Star\nSite: 1 Main St\nAmount due: $450.00"), nil, DocInvoice},
		// The message tells what a scanner-named file is.
		{"signed ATP in the subject", pdf("Doc1.pdf", ""), &Message{Subject: "Fwd: 26-1017-WTR Lopez signed ATP",
			Attachments: []Attachment{img("IMG_1.JPG", 1<<20, false), pdf("Doc1.pdf", "")}}, DocATP},
		{"waiver named by its own file, scan left over", pdf("scan0001.pdf", "(scanned page)"), &Message{Subject: "26-1015-WTR waiver + scan",
			Text: "Waiver signed; second file is the scanner output.", Attachments: []Attachment{pdf("Waiver signed.pdf", ""), pdf("scan0001.pdf", "(scanned page)")}}, DocOther},
		{"estimate next to its ESX", pdf("document1.pdf", ""), &Message{Subject: "26-1020-WTR estimate + sketch",
			Attachments: []Attachment{{Filename: "MILLER.ESX"}, pdf("document1.pdf", ""), pdf("26-1020-WTR Sketch.pdf", "")}}, DocEstimate},
		{"signed ATR in the subject", pdf("Doc1.pdf", ""), &Message{Subject: "26-1017-WTR Lopez signed ATR",
			Attachments: []Attachment{pdf("Doc1.pdf", "")}}, DocATR},
		{"two scanner files, two hints: no guess", pdf("Doc1.pdf", ""), &Message{Subject: "ATP and COS",
			Attachments: []Attachment{pdf("Doc1.pdf", ""), pdf("Doc2.pdf", "")}}, DocOther},
		{"encrypted, nothing known", pdf("scan0001.pdf", ""), nil, DocOther},
		{"video", Attachment{Filename: "walkthrough.mov", ContentType: "video/quicktime"}, nil, DocOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ev := DocType(tt.a, tt.msg)
			if got != tt.want {
				t.Errorf("DocType(%q) = %s (%s), want %s", tt.a.Filename, got, ev, tt.want)
			}
			if ev == "" {
				t.Errorf("no evidence")
			}
		})
	}
}

func TestFolder(t *testing.T) {
	t.Parallel()
	for dt, want := range map[string]string{
		DocPhoto: "Photos", DocATP: "Contracts", DocATR: "Contracts", DocCOS: "Contracts", DocWaiver: "Contracts",
		DocEstimate: "Estimates", DocSketch: "Sketches", DocScope: "Scope", DocLabReport: "Lab Reports",
		DocInvoice: "Invoices", DocDryingLog: "Drying Logs", DocOther: "Other", DocInline: "", "bogus": "Other",
	} {
		if got := Folder(dt); got != want {
			t.Errorf("Folder(%q) = %q, want %q", dt, got, want)
		}
	}
}

// TestSignedForm checks which types are forms the homeowner signs: the
// contracts, none of the rest.
func TestSignedForm(t *testing.T) {
	t.Parallel()
	for _, dt := range append(FiledTypes(), DocInline, "correspondence", "") {
		want := dt == DocATP || dt == DocATR || dt == DocCOS || dt == DocWaiver
		if got := SignedForm(dt); got != want {
			t.Errorf("SignedForm(%q) = %v, want %v", dt, got, want)
		}
	}
}

// TestFiledTypes checks that the types a person may give a document are
// every type filed into a claim folder, and only those.
func TestFiledTypes(t *testing.T) {
	t.Parallel()
	types := FiledTypes()
	if len(types) != len(folders) {
		t.Errorf("FiledTypes() = %v, want the %d types with a folder", types, len(folders))
	}
	for _, dt := range types {
		if _, ok := folders[dt]; !ok || !IsFiledType(dt) {
			t.Errorf("%q is offered to people but is not filed", dt)
		}
	}
	for _, dt := range []string{DocInline, "correspondence", "vendor_invoice", "Photos", ""} {
		if IsFiledType(dt) {
			t.Errorf("IsFiledType(%q) = true, want false", dt)
		}
	}
}

func TestDocTypeMailMachinery(t *testing.T) {
	m := &Message{Subject: "Reinspection: Okafor fire", Text: "We will review the estimate and the sketch on site."}
	for _, a := range []Attachment{
		{Filename: "attachment-1.ics", ContentType: "text/calendar"},
		{Filename: "invite.ics", ContentType: "application/octet-stream"},
		{Filename: "Kevin Strand.vcf", ContentType: "text/vcard"},
		{Filename: "attachment-2.txt", ContentType: "message/delivery-status"},
	} {
		m.Attachments = []Attachment{a}
		if got, ev := DocType(a, m); got != DocOther {
			t.Errorf("%s (%s): %s (%s), want other", a.Filename, a.ContentType, got, ev)
		}
	}
}
