package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
)

// claim is one job of the demo office; the first ones are also written to
// claims.csv.
type claim struct {
	job, number, carrier, policy string
	insured, address, lossType   string
	adjName, adjEmail            string
	lossDate                     string
	inCSV                        bool
	phone, email                 string // the insured's
	tech                         person // the technician on the job
}

func claimFields(c claim) [][2]string {
	return [][2]string{
		{"Job Number", c.job},
		{"Insurance Carrier", c.carrier},
		{"Claim Number", c.number},
		{"Policy Number", c.policy},
		{"Property Owner", c.insured},
		{"Property Address", c.address},
		{"Date of Loss", c.lossDate},
	}
}

func day(t time.Time) string { return t.Format("01/02/2006") }

func atpPDF(r *rand.Rand, c claim, signed time.Time, signer, rep string) []byte {
	d := newPDF("Authorization to Perform - "+c.job, "Northstar Field App", signed)
	p := d.page()
	y := form(p, "WORK AUTHORIZATION / AUTHORIZATION TO PERFORM", claimFields(c))
	for _, s := range []string{
		"1. The undersigned owner (or agent of the owner) authorizes Northstar Restoration to perform emergency services at the property above, including water extraction, removal of wet materials, structural drying, cleaning and application of antimicrobial agents.",
		"2. Owner directs the insurance carrier named above to include Northstar Restoration as a payee on any payment issued for the services performed, and assigns insurance proceeds for those services to Northstar Restoration up to the amount invoiced.",
		"3. Owner understands that drying equipment must run continuously and must not be turned off or moved. Readings are taken daily until the materials reach dry standard.",
		"4. Owner is responsible for any deductible and for services not covered by the policy.",
	} {
		y = p.para(margin, y, 9.5, pageW-2*margin, s) - 6
	}
	y -= 30
	y = signatureBlock(p, r, y, "Owner / Authorized Agent", signer, day(signed))
	signatureBlock(p, r, y-10, "Northstar Representative", rep, day(signed))
	return d.bytes()
}

func cosPDF(r *rand.Rand, c claim, signed time.Time, signer string) []byte {
	d := newPDF("Certificate of Satisfaction - "+c.job, "Northstar Field App", signed)
	p := d.page()
	y := form(p, "CERTIFICATE OF SATISFACTION", claimFields(c))
	y = p.para(margin, y, 10, pageW-2*margin,
		"I/We certify that the mitigation services performed by Northstar Restoration at the property above "+
			"have been completed to my/our satisfaction, that all drying equipment has been removed, and that "+
			"the property was left clean. I/We authorize payment to be made directly to Northstar Restoration for "+
			"the services performed under claim number "+c.number+".")
	y -= 10
	y = p.para(margin, y, 10, pageW-2*margin, "Date services completed / equipment picked up: "+day(signed))
	y -= 40
	signatureBlock(p, r, y, "Property Owner", signer, day(signed))
	return d.bytes()
}

func waiverPDF(r *rand.Rand, c claim, signed time.Time, signer, declined string) []byte {
	d := newPDF("Release and Waiver - "+c.job, "Northstar Field App", signed)
	p := d.page()
	y := form(p, "RELEASE AND WAIVER OF LIABILITY – DECLINED SERVICES", claimFields(c))
	y = p.para(margin, y, 10, pageW-2*margin, "Services recommended by Northstar Restoration and declined by the owner:")
	y = p.para(margin+18, y-4, 10, pageW-2*margin-18, declined)
	y -= 8
	y = p.para(margin, y, 10, pageW-2*margin,
		"The owner understands that declining these services may result in further damage, microbial growth, "+
			"odor or health effects, and that such damage may not be covered by the insurance policy. The owner "+
			"releases Northstar Restoration from any liability arising from the decision to decline these services.")
	y -= 40
	signatureBlock(p, r, y, "Property Owner", signer, day(signed))
	return d.bytes()
}

type room struct {
	name                string
	x, y, w, h          float64 // feet, for the sketch
	affectedSF, wallsLF float64
}

func scopePDF(c claim, at time.Time, category, class, source string, rooms []room, equipment []string) []byte {
	d := newPDF("24 Hour Scope - "+c.job, "Northstar Field App", at)
	p := d.page()
	y := form(p, "24-HOUR SCOPE / INITIAL INSPECTION NOTES", claimFields(c))
	y = p.para(margin, y, 10, 500, "Inspection: "+at.Format("Mon Jan 2, 2006 3:04 PM")+" by Maria Delgado, Project Manager")
	y = p.para(margin, y, 10, 500, "Source of loss: "+source)
	p.text(margin, y, "F2", 10, "Water category: "+category)
	p.text(margin+250, y, "F2", 10, "Class of water: "+class)
	y -= 22
	p.text(margin, y, "F2", 9.5, "Affected area")
	p.text(margin+200, y, "F2", 9.5, "Flooring SF")
	p.text(margin+300, y, "F2", 9.5, "Wall LF wet")
	y -= 4
	p.line(margin, y, pageW-margin, y, 0.5)
	for _, rm := range rooms {
		y -= 14
		p.text(margin, y, "F1", 9.5, rm.name)
		p.text(margin+200, y, "F1", 9.5, fmt.Sprintf("%.0f", rm.affectedSF))
		p.text(margin+300, y, "F1", 9.5, fmt.Sprintf("%.0f", rm.wallsLF))
	}
	y -= 24
	p.text(margin, y, "F2", 10, "Equipment placed")
	for _, e := range equipment {
		y -= 14
		p.text(margin+10, y, "F1", 9.5, "• "+e)
	}
	y -= 24
	p.para(margin, y, 9.5, pageW-2*margin, "Daily monitoring scheduled until dry standard is reached. Photos taken of all affected areas before and after removal.")
	return d.bytes()
}

type reading struct {
	date      string
	mc        []float64 // moisture content per point, %
	rh, tempF float64
}

func dryingLogPDF(c claim, at time.Time, tech string, points []string, dryStandard float64, rs []reading) []byte {
	d := newPDF("Drying Log - "+c.job, "Northstar Field App", at)
	p := d.page()
	y := form(p, "DRYING LOG – MOISTURE READINGS", claimFields(c))
	p.text(margin, y, "F1", 9.5, fmt.Sprintf("Meter: pin-type, wood scale. Dry standard (unaffected reference): %.0f%%", dryStandard))
	y -= 20
	p.text(margin, y, "F2", 9, "Date")
	p.text(margin+70, y, "F2", 9, "RH %")
	p.text(margin+110, y, "F2", 9, "Temp F")
	for i, pt := range points {
		p.text(margin+160+float64(i)*90, y, "F2", 9, pt)
	}
	y -= 4
	p.line(margin, y, pageW-margin, y, 0.5)
	for _, rd := range rs {
		y -= 14
		p.text(margin, y, "F1", 9, rd.date)
		p.text(margin+70, y, "F1", 9, fmt.Sprintf("%.0f", rd.rh))
		p.text(margin+110, y, "F1", 9, fmt.Sprintf("%.0f", rd.tempF))
		for i, v := range rd.mc {
			p.text(margin+160+float64(i)*90, y, "F1", 9, fmt.Sprintf("%.1f", v))
		}
	}
	y -= 24
	p.para(margin, y, 9.5, pageW-2*margin, "Technician: "+tech+". Equipment stays until every point reads at or below dry standard.")
	return d.bytes()
}

type lineItem struct {
	desc      string
	qty       float64
	unit      string
	unitPrice float64
}

func money(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	var b strings.Builder
	for i, ch := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String() + frac
}

// estimatePDF lays out an Xactimate-style estimate: header, line items by
// room, and a summary page.
func estimatePDF(c claim, at time.Time, estimator string, sections map[string][]lineItem, order []string) []byte {
	d := newPDF(strings.ToUpper(strings.Fields(c.insured)[len(strings.Fields(c.insured))-1])+" estimate", "Xactimate", at)
	p := d.page()
	y := form(p, "ESTIMATE OF REPAIRS – MITIGATION", append(claimFields(c),
		[2]string{"Estimator", estimator}, [2]string{"Price List", "MNMN8X_NOV26"}))
	var total float64
	for _, name := range order {
		if y < 120 {
			p = d.page()
			y = pageH - 72
		}
		p.text(margin, y, "F2", 10, name)
		y -= 4
		p.line(margin, y, pageW-margin, y, 0.5)
		y -= 13
		for _, it := range sections[name] {
			amt := it.qty * it.unitPrice
			total += amt
			p.text(margin, y, "F1", 8.5, it.desc)
			p.text(margin+300, y, "F1", 8.5, fmt.Sprintf("%.2f %s", it.qty, it.unit))
			p.text(margin+380, y, "F1", 8.5, money(it.unitPrice))
			p.text(margin+450, y, "F1", 8.5, money(amt))
			y -= 12
		}
		y -= 10
	}
	p = d.page()
	y = pageH - 72
	p.text(margin, y, "F2", 12, "Summary for Dwelling – claim "+c.number)
	y -= 24
	tax := total * 0.07875
	for _, row := range [][2]string{
		{"Line Item Total", money(total)},
		{"Material Sales Tax", money(tax)},
		{"Replacement Cost Value", money(total + tax)},
		{"Net Claim", money(total + tax)},
	} {
		p.text(margin, y, "F1", 10, row[0])
		p.text(margin+300, y, "F1", 10, "$"+row[1])
		y -= 16
	}
	p.para(margin, y-20, 8.5, pageW-2*margin, "All prices are for the mitigation scope only. Reconstruction is estimated separately.")
	return d.bytes()
}

// sketchPDF draws a floor plan of the affected rooms to scale.
func sketchPDF(c claim, at time.Time, level string, rooms []room) []byte {
	d := newPDF("Sketch - "+c.job, "Xactimate Sketch", at)
	p := d.page()
	p.text(margin, pageH-60, "F2", 13, level)
	p.text(margin, pageH-76, "F1", 9, c.insured+" – "+c.address+" – claim "+c.number)
	const scale = 14.0 // points per foot
	ox, oy := margin+20, pageH-140
	for _, rm := range rooms {
		x, y := ox+rm.x*scale, oy-(rm.y+rm.h)*scale
		p.rect(x, y, rm.w*scale, rm.h*scale, 1.4)
		p.text(x+6, y+rm.h*scale-14, "F2", 8.5, rm.name)
		p.text(x+6, y+rm.h*scale-26, "F1", 7.5, fmt.Sprintf("%.0f' x %.0f'", rm.w, rm.h))
		p.text(x+6, y+rm.h*scale-36, "F1", 7.5, fmt.Sprintf("%.0f SF floor", rm.w*rm.h))
	}
	p.text(margin, 60, "F1", 8, "Ceiling height 8'. Dimensions are interior.")
	return d.bytes()
}

func itelPDF(c claim, at time.Time, sampleID, material, match string, price float64) []byte {
	d := newPDF("ITEL Flooring Report "+sampleID, "ITEL Report Engine", at)
	p := d.page()
	p.text(margin, pageH-60, "F2", 15, "ITEL LABORATORIES")
	p.text(margin, pageH-74, "F1", 8.5, "Flooring analysis and pricing report")
	p.line(margin, pageH-82, pageW-margin, pageH-82, 1.2)
	y := pageH - 110.0
	for _, f := range [][2]string{
		{"Report Date", day(at)}, {"Claim Number", c.number}, {"Insurance Carrier", c.carrier},
		{"Insured", c.insured}, {"Loss Location", c.address}, {"Sample ID", sampleID},
		{"Submitted By", "Northstar Restoration"},
	} {
		p.field(margin, y, 9.5, f[0], f[1])
		y -= 14
	}
	y -= 10
	p.text(margin, y, "F2", 11, "Sample Analysis")
	y = p.para(margin, y-16, 9.5, pageW-2*margin, material)
	y -= 8
	p.text(margin, y, "F2", 11, "Like Kind and Quality Match")
	y = p.para(margin, y-16, 9.5, pageW-2*margin, match)
	y -= 8
	p.text(margin, y, "F1", 10, fmt.Sprintf("Average material price: $%s per SF (before tax, material only)", money(price)))
	p.para(margin, y-30, 8, pageW-2*margin, "This report identifies the closest available match based on the submitted sample. It does not determine coverage.")
	return d.bytes()
}

func invoicePDF(at time.Time, number, vendor, vendorAddr, job, billTo string, items []lineItem) []byte {
	d := newPDF("Invoice "+number, "Ledgerly Invoicing", at)
	p := d.page()
	p.text(margin, pageH-60, "F2", 15, vendor)
	p.text(margin, pageH-74, "F1", 8.5, vendorAddr)
	p.text(pageW-margin-140, pageH-60, "F2", 18, "INVOICE")
	p.line(margin, pageH-82, pageW-margin, pageH-82, 1.2)
	y := pageH - 104.0
	for _, f := range [][2]string{
		{"Invoice #", number}, {"Invoice Date", day(at)}, {"Terms", "Net 30"},
		{"Bill To", billTo}, {"Customer PO / Job", job},
	} {
		p.field(margin, y, 9.5, f[0], f[1])
		y -= 14
	}
	y -= 14
	p.fillGray(margin, y-4, pageW-2*margin, 16, 0.88)
	p.text(margin+4, y, "F2", 9, "Description")
	p.text(margin+300, y, "F2", 9, "Qty")
	p.text(margin+360, y, "F2", 9, "Rate")
	p.text(margin+440, y, "F2", 9, "Amount")
	var total float64
	for _, it := range items {
		y -= 16
		amt := it.qty * it.unitPrice
		total += amt
		p.text(margin+4, y, "F1", 9, it.desc)
		p.text(margin+300, y, "F1", 9, fmt.Sprintf("%.0f %s", it.qty, it.unit))
		p.text(margin+360, y, "F1", 9, money(it.unitPrice))
		p.text(margin+440, y, "F1", 9, money(amt))
	}
	y -= 24
	p.text(margin+360, y, "F2", 10, "Total Due")
	p.text(margin+440, y, "F2", 10, "$"+money(total))
	p.para(margin, y-40, 8.5, pageW-2*margin, "Please reference the invoice number with your payment. Thank you for your business!")
	return d.bytes()
}

func contentsFormPDF(c claim, at time.Time) []byte {
	d := newPDF("Contents Inventory Form", "Northwoods Home Insurance", at)
	p := d.page()
	p.text(margin, pageH-60, "F2", 14, "NORTHWOODS HOME INSURANCE")
	p.text(margin, pageH-80, "F2", 12, "Personal Property Inventory Form")
	y := pageH - 110.0
	for _, f := range [][2]string{{"Claim Number", c.number}, {"Insured", c.insured}, {"Loss Address", c.address}} {
		p.field(margin, y, 9.5, f[0], f[1])
		y -= 14
	}
	y -= 16
	cols := []string{"Room", "Item description", "Qty", "Age", "Original cost", "Disposition"}
	xs := []float64{0, 70, 250, 290, 330, 410}
	for i, col := range cols {
		p.text(margin+xs[i], y, "F2", 8.5, col)
	}
	for range 18 {
		y -= 20
		p.line(margin, y, pageW-margin, y, 0.3)
	}
	return d.bytes()
}

// esx builds a stand-in for an Xactimate ESX file: like the real thing it is
// a zip archive, here holding a small XML summary of the estimate.
func esx(c claim, at time.Time, estimator string, sections map[string][]lineItem, order []string) []byte {
	var x strings.Builder
	fmt.Fprintf(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XACTDOC version=\"26.11\">\n")
	fmt.Fprintf(&x, "  <PROJECT claimNumber=%q policyNumber=%q carrier=%q estimator=%q created=%q/>\n",
		c.number, c.policy, c.carrier, estimator, at.Format(time.RFC3339))
	fmt.Fprintf(&x, "  <CONTACT role=\"Insured\" name=%q address=%q/>\n", c.insured, c.address)
	for _, name := range order {
		fmt.Fprintf(&x, "  <ROOM name=%q>\n", name)
		for _, it := range sections[name] {
			fmt.Fprintf(&x, "    <ITEM desc=\"%s\" qty=\"%.2f\" unit=%q price=\"%.2f\"/>\n", html.EscapeString(it.desc), it.qty, it.unit, it.unitPrice)
		}
		fmt.Fprintf(&x, "  </ROOM>\n")
	}
	x.WriteString("</XACTDOC>\n")

	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"XACTDOC.XML", []byte(x.String())},
		{"PROJECT.INFO", []byte("ProjectName=" + c.number + "\nTypeOfLoss=" + c.lossType + "\n")},
	} {
		// Stored, with a fixed time, so regenerating gives the same bytes.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Store, Modified: at})
		if err != nil {
			panic(err)
		}
		w.Write(f.data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}
