package corpusgen

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

var made = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// TextPDF is a one-page PDF with a text layer, as a phone scanner app or
// an office program writes it: a heading, then lines.
func TextPDF(producer, heading string, lines ...string) []byte {
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.SetCreationDate(made)
	pdf.SetModificationDate(made)
	pdf.SetCatalogSort(true)
	pdf.SetProducer(producer, false)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(50, 50, 50)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(0, 20, tr(heading), "", "L", false)
	pdf.Ln(6)
	pdf.SetFont("Helvetica", "", 10)
	for _, l := range lines {
		pdf.MultiCell(0, 14, tr(l), "", "L", false)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// photo is a small job-site picture: a wall, darker below a water line.
func photo(seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	line := 50 + seed%40
	for y := range 120 {
		for x := range 160 {
			c := color.RGBA{uint8(210 - seed%30), 200, uint8(180 + x%7), 255}
			if y > line {
				c = color.RGBA{c.R - 60, 140, 120, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 40}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Logo is a signature logo in an HTML body.
func Logo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 90, 30))
	for i := range img.Pix {
		img.Pix[i] = []byte{0, 84, 150, 255}[i%4]
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// ESX is an Xactimate export: a zip holding the estimate as XML.
func ESX(project, claim string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateHeader(&zip.FileHeader{Name: "XACTDOC.XML", Method: zip.Deflate, Modified: made})
	if err != nil {
		panic(err)
	}
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><XACTDOC><PROJECT NAME="` + project +
		`"><ADMIN CLAIM="` + claim + `"/></PROJECT></XACTDOC>`))
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// PDFFile is a PDF attachment labelled docType.
func PDFFile(name, docType string, data []byte) File {
	return File{Name: name, CType: "application/pdf", Data: data, DocType: docType}
}

// OctetPDF is a PDF sent as application/octet-stream, as some phones and
// webmail do.
func OctetPDF(name, docType string, data []byte) File {
	return File{Name: name, CType: "application/octet-stream", Data: data, DocType: docType}
}

// JPG is a job-site photo.
func JPG(name string, seed int) File {
	return File{Name: name, CType: "image/jpeg", Data: photo(seed), DocType: "photo"}
}

// Lines are the lines of s, without its first and last newline.
func Lines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
