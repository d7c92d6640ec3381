package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

var fixed = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// textPDF is a one-page PDF with a text layer: a title and lines; a line
// starting with "# " is a bold heading.
func textPDF(producer, title string, lines ...string) []byte {
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.SetCatalogSort(true)
	pdf.SetProducer(producer, false)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(54, 54, 54)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 22, tr(title), "", "L", false)
	pdf.Ln(8)
	for _, l := range lines {
		if h, ok := strings.CutPrefix(l, "# "); ok {
			pdf.Ln(4)
			pdf.SetFont("Helvetica", "B", 12)
			pdf.MultiCell(0, 16, tr(h), "", "L", false)
			continue
		}
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 15, tr(l), "", "L", false)
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// rasterize renders the first page of a PDF to a gray image at dpi.
func rasterize(pdfBytes []byte, dpi string) image.Image {
	dir, err := os.MkdirTemp("", "heldout-gen-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdfBytes, 0o644); err != nil {
		panic(err)
	}
	out := filepath.Join(dir, "page")
	if b, err := exec.Command("pdftoppm", "-r", dpi, "-gray", "-png", "-singlefile", in, out).CombinedOutput(); err != nil {
		panic(string(b))
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		panic(err)
	}
	return img
}

// speckle adds a copier's grain so the scan is not a clean render.
func speckle(img image.Image, seed uint64) *image.Gray {
	r := rand.New(rand.NewPCG(seed, 7))
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	for i := range g.Pix {
		if r.IntN(400) == 0 {
			g.Pix[i] = uint8(120 + r.IntN(80))
		}
	}
	return g
}

func jpegBytes(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// scanPDF is an image-only PDF: the page of src rendered and put back as
// one JPEG, as a copier without OCR makes it.
func scanPDF(src []byte, seed uint64) []byte {
	img := speckle(rasterize(src, "150"), seed)
	pdf := fpdf.New("P", "pt", "Letter", "")
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.SetCatalogSort(true)
	pdf.SetProducer("KONICA MINOLTA bizhub C300i", false)
	pdf.AddPage()
	pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(jpegBytes(img, 60)))
	pdf.ImageOptions("scan", 0, 0, 612, 792, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// phonePhoto is a JPEG of a paper form lying on a table.
func phonePhoto(src []byte) []byte {
	page := rasterize(src, "110")
	pb := page.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, pb.Dx()+120, pb.Dy()+160))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{112, 86, 60, 255}}, image.Point{}, draw.Src)
	draw.Draw(img, pb.Add(image.Pt(60, 80)), page, pb.Min, draw.Src)
	return jpegBytes(img, 62)
}

// scenePhoto is a small job-site picture: a wall with a water line.
func scenePhoto(seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 3))
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	line := 120 + r.IntN(80)
	base := color.RGBA{uint8(200 + r.IntN(30)), uint8(190 + r.IntN(30)), uint8(170 + r.IntN(30)), 255}
	for y := range 240 {
		for x := range 320 {
			c := base
			if y > line {
				c = color.RGBA{base.R - 50, base.G - 55, base.B - 60, 255}
			}
			if r.IntN(20) == 0 {
				c.R -= 10
			}
			img.Set(x, y, c)
		}
	}
	return jpegBytes(img, 70)
}

// heic is the start of an HEIF container as an iPhone writes it; its
// pixels are not needed to tell what it is.
func heic(seed uint64) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0, 0x18})
	b.WriteString("ftypheic")
	b.Write([]byte{0, 0, 0, 0})
	b.WriteString("mif1heic")
	b.Write([]byte{0, 0, 0, 0x22})
	b.WriteString("meta")
	r := rand.New(rand.NewPCG(seed, 5))
	for range 2048 {
		b.WriteByte(byte(r.IntN(256)))
	}
	return b.Bytes()
}

// logoPNG is a signature logo.
func logoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{0, 61, 121, 255}}, image.Point{}, draw.Src)
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// esx is an Xactimate export: a zip of XML.
func esx(name, claim string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "XACTDOC.XML", Method: zip.Deflate, Modified: fixed})
	w.Write([]byte(`<?xml version="1.0"?><XACTDOC><PROJECT NAME="` + name + `"><CLAIM NUMBER="` + claim + `"/></PROJECT></XACTDOC>`))
	z.Close()
	return b.Bytes()
}

// tnef is an Outlook winmail.dat holding the given files.
func tnef(files ...[2]string) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&b, le, uint32(0x223E9F78))
	binary.Write(&b, le, uint16(0x0101))
	attr := func(level byte, id uint32, data []byte) {
		b.WriteByte(level)
		binary.Write(&b, le, id)
		binary.Write(&b, le, uint32(len(data)))
		b.Write(data)
		var sum uint16
		for _, c := range data {
			sum += uint16(c)
		}
		binary.Write(&b, le, sum)
	}
	attr(1, 0x00089006, []byte{0, 0, 1, 0})
	attr(1, 0x00069007, []byte{0xE4, 0x04, 0, 0, 0, 0, 0, 0})
	attr(1, 0x00078008, []byte("IPM.Microsoft Mail.Note\x00"))
	for _, f := range files {
		rend := make([]byte, 14)
		le.PutUint16(rend[0:], 1)
		le.PutUint32(rend[2:], 0xFFFFFFFF)
		attr(2, 0x00069002, rend)
		attr(2, 0x00018010, append([]byte(f[0]), 0))
		attr(2, 0x0006800F, []byte(f[1]))
	}
	return b.Bytes()
}
