// Command gen writes the demo mailbox that ships with claimdesk: mail/*.eml
// (the shared claims inbox), sent/*.eml (the office's replies) and
// claims.csv, all for a fictional restoration office in the Twin Cities.
//
// Run it from internal/demo with go generate. Output is deterministic (fixed
// dates, fixed random seed), so regenerating without changes rewrites the
// same bytes.
package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/color"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // the output must not depend on the machine's zoneinfo
)

const (
	office      = "demo-restoration.example"
	claimsEmail = "claims@" + office
	claimsFrom  = "Northstar Restoration Claims <" + claimsEmail + ">"
)

var (
	loc = mustLoc("America/Chicago")

	jake  = addr("Jake Halvorsen", "jhalvorsen@"+office)
	luis  = addr("Luis Ortega", "lortega@"+office)
	maria = addr("Maria Delgado", "mdelgado@"+office)
	sam   = addr("Sam Whitaker", "swhitaker@"+office)

	lindqvist = claim{job: "26-2101-WTR", number: "31-7K42-9Q8", carrier: "Prairie Mutual Insurance", policy: "PMH-4471902",
		insured: "Gretchen Lindqvist", address: "4418 Oakridge Ln, Edina, MN 55424", lossType: "Water",
		adjName: "Marcus Bell", adjEmail: "mbell@prairiemutual.example", lossDate: "10/30/2026", inCSV: true}
	herrera = claim{job: "26-2102-WTR", number: "0091224471", carrier: "Great Lakes Casualty", policy: "GLC-88310457",
		insured: "Tomás Herrera", address: "1290 Como Ave, St Paul, MN 55108", lossType: "Water",
		adjName: "Priya Raman", adjEmail: "praman@glcasualty.example", lossDate: "10/31/2026", inCSV: true}
	okafor = claim{job: "26-2103-FIR", number: "482019337-215", carrier: "Northwoods Home Insurance", policy: "NHI-2210977",
		insured: "Denise Okafor", address: "7735 Xerxes Ave S, Bloomington, MN 55431", lossType: "Fire",
		adjName: "Kevin Strand", adjEmail: "kstrand@northwoodsins.example", lossDate: "10/28/2026", inCSV: true}
	becker = claim{job: "26-2104-MLD", number: "IB218-604417-02", carrier: "Ironbridge Insurance", policy: "IB-5530218",
		insured: "Harold Becker", address: "56 Lakeview Ter, Stillwater, MN 55082", lossType: "Mold",
		adjName: "Alicia Moreno", adjEmail: "amoreno@ironbridge.example", lossDate: "10/22/2026", inCSV: true}
	fairbanks = claim{job: "26-2105-WTR", number: "HFC-26-00418", carrier: "Heartland Fire & Casualty", policy: "HFC-H-771204",
		insured: "Naomi Fairbanks", address: "3021 Penn Ave N, Minneapolis, MN 55411", lossType: "Water",
		adjName: "Derek Yoon", adjEmail: "dyoon@heartlandfc.example", lossDate: "11/01/2026", inCSV: true}
	sandoval = claim{job: "26-2106-WTR", number: "7730415582", carrier: "Great Lakes Casualty", policy: "GLC-90022176",
		insured: "Ruth Sandoval", address: "812 Maple St, Anoka, MN 55303", lossType: "Water",
		adjName: "Priya Raman", adjEmail: "praman@glcasualty.example", lossDate: "11/03/2026", inCSV: true}
	// The two claims below reach the office by e-mail during the demo week:
	// they are not in claims.csv.
	ostrowski = claim{job: "26-2107-WTR", number: "52-9R13-4T7", carrier: "Prairie Mutual Insurance", policy: "PMH-5120388",
		insured: "Wendell Ostrowski", address: "2650 Hamline Ave N, Roseville, MN 55113", lossType: "Water",
		adjName: "Janelle Price", adjEmail: "jprice@prairiemutual.example", lossDate: "10/31/2026"}
	jensen = claim{job: "26-2108-WTR", number: "IB218-611902-01", carrier: "Ironbridge Insurance", policy: "IB-6120774",
		insured: "Carla Jensen", address: "415 Fuller St S, Shakopee, MN 55379", lossType: "Water",
		adjName: "Alicia Moreno", adjEmail: "amoreno@ironbridge.example", lossDate: "11/01/2026"}

	claims = []claim{lindqvist, herrera, okafor, becker, fairbanks, sandoval, ostrowski, jensen}
)

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// at is a time in the demo week (November 2026, office time).
func at(d, h, m, s int) time.Time { return time.Date(2026, time.November, d, h, m, s, 0, loc) }

// gen holds the generator's only source of randomness, so output depends on
// nothing but the seed.
type gen struct {
	r  *rand.Rand
	nb int
}

func (g *gen) boundary() string {
	g.nb++
	return fmt.Sprintf("----=_Part_%d_%08X.%d", g.nb, g.r.Uint32(), 1700000000+g.nb)
}

// Message-IDs in the styles of the mailers that would have sent each message.
func (g *gen) id(domain string) string {
	return fmt.Sprintf("%016x.%d@%s", g.r.Uint64(), g.r.IntN(1000), domain)
}

func (g *gen) outlookID(domain string) string {
	host := fmt.Sprintf("CH%dPR08MB%04d", 2+g.r.IntN(6), g.r.IntN(10000))
	return fmt.Sprintf("%s%016X%08X@%s.namprd08.prod.%s", host, g.r.Uint64(), g.r.Uint32(), host, domain)
}

func (g *gen) gmailID() string {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_-"
	b := []byte("CA")
	for range 44 {
		b = append(b, alpha[g.r.IntN(len(alpha))])
	}
	return string(b) + "@mail.inboxmail.example"
}

func (g *gen) appleID(domain string) string {
	return fmt.Sprintf("%08X-%04X-%04X-%04X-%012X@%s", g.r.Uint32(), g.r.IntN(0x10000), g.r.IntN(0x10000),
		g.r.IntN(0x10000), g.r.Uint64()&0xffffffffffff, domain)
}

var (
	outlookHdrs = func(topic string) [][2]string {
		return [][2]string{{"Thread-Topic", topic}, {"Accept-Language", "en-US"}, {"Content-Language", "en-US"},
			{"X-MS-Has-Attach", ""}, {"X-MS-TNEF-Correlator", ""}}
	}
	iphone      = [][2]string{{"X-Mailer", "iPhone Mail (22B91)"}}
	galaxy      = [][2]string{{"X-Mailer", "Samsung Mail"}}
	thunderbird = [][2]string{{"User-Agent", "Mozilla Thunderbird"}}
	autoGen     = [][2]string{{"Auto-Submitted", "auto-generated"}, {"X-Auto-Response-Suppress", "All"}}
)

func main() {
	log.SetFlags(0)
	if err := generate(); err != nil {
		log.Fatal(err)
	}
}

// generate writes mail/, sent/ and claims.csv into the working directory.
func generate() error {
	g := &gen{r: rand.New(rand.NewPCG(2026, 1102))}
	sent := g.sentMail()
	inbox := g.inboxMail(sent)
	if err := writeDir("mail", inbox); err != nil {
		return err
	}
	if err := writeDir("sent", sent); err != nil {
		return err
	}
	return writeClaims("claims.csv")
}

// writeDir replaces dir's .eml files with msgs, numbered in arrival order.
func writeDir(dir string, msgs []*message) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	slices.SortStableFunc(msgs, func(a, b *message) int { return a.date.Compare(b.date) })
	total := 0
	for i, m := range msgs {
		raw := m.bytes()
		total += len(raw)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d.eml", i+1)), raw, 0o644); err != nil {
			return err
		}
	}
	log.Printf("%s: %d messages, %d bytes", dir, len(msgs), total)
	return nil
}

func writeClaims(path string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"job_number", "claim_number", "carrier", "policy_number", "insured_name", "loss_address", "loss_type", "adjuster_name", "adjuster_email"})
	for _, c := range claims {
		if c.inCSV {
			w.Write([]string{c.job, c.number, c.carrier, c.policy, c.insured, c.address, c.lossType, c.adjName, c.adjEmail})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// sent message Message-IDs, referenced by the inbox messages that answer them.
type sentIDs struct {
	bellReply, morenoAccept, herreraReply, yoonIntro, fairbanksReply, ramanReply, lindqvistCOS string
}

var sentRefs sentIDs

// Message-IDs of inbox messages the office replies to, fixed up front so the
// Sent folder can point at them.
var inboxIDs struct {
	bellStatus, morenoAssign, herreraQuestion, fairbanksQuestion, ramanITEL string
}

const sig = "\n\nBeth Lund\nClaims Coordinator | Northstar Restoration\n(612) 555-0100 | claims@demo-restoration.example"

func (g *gen) sentMail() []*message {
	inboxIDs.bellStatus = g.outlookID("outlook.example")
	inboxIDs.morenoAssign = g.outlookID("outlook.example")
	inboxIDs.herreraQuestion = g.id("correo.example")
	inboxIDs.fairbanksQuestion = g.appleID("inboxmail.example")
	inboxIDs.ramanITEL = g.outlookID("outlook.example")

	reply := func(to, subject string, date time.Time, inReplyTo string, body string) *message {
		m := &message{from: claimsFrom, to: to, subject: subject, date: date, id: g.id(office),
			body: textPart("plain", body)}
		if inReplyTo != "" {
			m.inReplyTo, m.references = inReplyTo, []string{inReplyTo}
		}
		return m
	}
	s1 := reply(addr(lindqvist.adjName, lindqvist.adjEmail), "RE: Claim 31-7K42-9Q8 / Lindqvist - status?", at(2, 8, 52, 10), inboxIDs.bellStatus,
		"Good morning Marcus,\n\nJake is sending the signed work authorization and the first photos this morning. "+
			"Water source was a burst supply line to the upstairs hall bath vanity; the hall bath ceiling below was removed. "+
			"We expect 3-4 days of drying and will send daily readings.\n\nJob number on our side: 26-2101-WTR."+sig)
	s2 := reply(addr(jensen.adjName, jensen.adjEmail), "RE: Please accept this assignment - IB218-611902-01 - Jensen", at(2, 9, 31, 44), inboxIDs.morenoAssign,
		"Hi Alicia,\n\nAccepted, thank you. We reached Ms. Jensen at 9:20 and a crew is on the way to Shakopee. "+
			"Our job number is 26-2108-WTR; ATP, scope and photos will follow today."+sig)
	s3 := reply(addr("Tomás Herrera", "tomas.herrera73@correo.example"), "Re: ¿Cuándo recogen los ventiladores? - reclamo 0091224471", at(2, 12, 40, 2), inboxIDs.herreraQuestion,
		"Hola Tomás,\n\nGracias por escribirnos. Sí, es importante dejar los ventiladores y el deshumidificador prendidos día y noche; "+
			"así el piso y los gabinetes se secan en 3 o 4 días. Luis pasará mañana a tomar las lecturas y le dirá cuándo podemos recogerlos.\n\n"+
			"Sobre la electricidad: le daremos una hoja con el consumo de los equipos para que la presente a Great Lakes.\n\n"+
			"Saludos,\nBeth Lund\nNorthstar Restoration")
	s4 := &message{from: claimsFrom, to: addr(fairbanks.adjName, fairbanks.adjEmail), subject: "Ice dam leak - Fairbanks - HFC-26-00418",
		date: at(3, 7, 54, 30), id: g.id(office), body: textPart("plain",
			"Good morning Derek,\n\nWe started mitigation at 3021 Penn Ave N (Naomi Fairbanks) yesterday for claim HFC-26-00418. "+
				"Ice dam leak into the upstairs bedroom ceiling and exterior wall. Signed ATP and first photos to follow.\n\nOur job number is 26-2105-WTR."+sig)}
	s5 := reply(addr("Naomi Fairbanks", "naomi.fairbanks@inboxmail.example"), "Re: Question about the fans", at(3, 9, 5, 12), inboxIDs.fairbanksQuestion,
		"Hi Naomi,\n\nYes, please keep the bedroom door closed - it helps the dehumidifier work. The dehumidifier drains into the hose "+
			"we ran to the bathroom tub, so there is no bucket to empty. If it shows a red light, give us a call.\n\nThanks,\nBeth")
	s6 := reply(addr(herrera.adjName, herrera.adjEmail), "RE: 0091224471 Herrera - ITEL results / flooring", at(4, 9, 40, 55), inboxIDs.ramanITEL,
		"Hi Priya,\n\nUnderstood - Sam will revise the estimate to the kitchen and dining room only. "+
			"Luis is picking up equipment Friday morning; drying logs and the COS will follow."+sig)
	s7 := &message{from: claimsFrom, to: addr("Gretchen Lindqvist", "gretchen.lindquist@inboxmail.example"),
		subject: "Your copy - Certificate of Satisfaction", date: at(9, 15, 14, 48), id: g.id(office), body: textPart("plain",
			"Hello Gretchen,\n\nThank you for choosing Northstar. For your records, a copy of the Certificate of Satisfaction you signed today "+
				"will follow by mail.\n\nBest,\nBeth Lund\nNorthstar Restoration")}
	sentRefs = sentIDs{s1.id, s2.id, s3.id, s4.id, s5.id, s6.id, s7.id}
	return []*message{s1, s2, s3, s4, s5, s6, s7}
}

func (g *gen) inboxMail(sent []*message) []*message {
	var out []*message
	add := func(m *message) { out = append(out, m) }

	// XactAnalysis hands the office a new claim.
	{
		c := ostrowski
		text := fmt.Sprintf(`You have received a new assignment in XactAnalysis.

ASSIGNMENT SUMMARY
  Carrier:            %s
  Claim Number:       %s
  Policy Number:      %s
  Insured:            OSTROWSKI, WENDELL
  Property Address:   %s
  Type of Loss:       Water - Plumbing
  Date of Loss:       %s
  Assignment Type:    Emergency Services / Mitigation
  Adjuster:           %s
  Adjuster Email:     %s
  Adjuster Phone:     (651) 555-0148
  Insured Phone:      (651) 555-0192 (cell)

LOSS DESCRIPTION
  Water heater failed in finished basement. Carpet and pad wet in family
  room and office, approx. 600 SF. Insured has shut off water supply.

Contact the insured within 2 hours and log your first contact in
XactAnalysis. Accept or reject this assignment from the assignment list.

This is an automated message. Replies to this address are not monitored.
`, c.carrier, c.number, c.policy, c.address, c.lossDate, c.adjName, c.adjEmail)
		html := "<html><body style=\"font-family:Arial,sans-serif;font-size:13px\">" +
			"<h2 style=\"color:#1f4e79\">New Assignment Received</h2><table cellpadding=\"3\">" +
			row("Carrier", c.carrier) + row("Claim Number", c.number) + row("Policy Number", c.policy) +
			row("Insured", "OSTROWSKI, WENDELL") + row("Property Address", c.address) + row("Type of Loss", "Water - Plumbing") +
			row("Date of Loss", c.lossDate) + row("Assignment Type", "Emergency Services / Mitigation") +
			row("Adjuster", c.adjName+" ("+c.adjEmail+")") + "</table>" +
			"<p>Water heater failed in finished basement. Carpet and pad wet in family room and office, approx. 600 SF.</p>" +
			"<p>Contact the insured within 2 hours and log your first contact in XactAnalysis.</p>" +
			"<p style=\"color:#888\">This is an automated message. Replies to this address are not monitored.</p></body></html>"
		add(&message{from: "XactAnalysis <notifications@xactanalysis.example>", to: claimsEmail,
			subject: "New Assignment: 52-9R13-4T7 - OSTROWSKI, WENDELL - Prairie Mutual Insurance",
			date:    at(2, 7, 42, 18), id: fmt.Sprintf("xa.%d.%d@xactanalysis.example", 20261102074218, g.r.IntN(100000)),
			extra: autoGen, body: g.multipart("alternative", textPart("plain", text), textPart("html", html))})
	}

	// A technician forwards the e-signed work authorization with photos.
	{
		signed := at(2, 7, 58, 0)
		body := "Signed ATP for Lindqvist attached, plus the first photos. Job 26-2101-WTR.\n\n-- Jake\n\n" +
			"---------- Forwarded message ---------\n" +
			"From: Northstar eSign <esign@esign-service.example>\n" +
			"Date: Mon, Nov 2, 2026 at 7:58 AM\n" +
			"Subject: Completed: Northstar ATP – 4418 Oakridge Ln\n" +
			"To: <jhalvorsen@demo-restoration.example>\n\n\n" +
			"All parties have completed the envelope \"Northstar ATP – 4418 Oakridge Ln\".\n" +
			"The signed document is attached to this message.\n"
		add(&message{from: jake, to: claimsEmail, subject: "Fwd: Completed: Northstar ATP – 4418 Oakridge Ln",
			date: at(2, 8, 5, 41), id: g.appleID(office), extra: iphone,
			body: g.multipart("mixed", textPart("plain", body),
				attachment("application/pdf", "Northstar_ATP_4418_Oakridge_Ln_signed.pdf", atpPDF(g.r, lindqvist, signed, "Gretchen Lindqvist")),
				attachment("image/jpeg", "IMG_4811.JPG", photo(g.r, sceneCeiling)),
				attachment("image/jpeg", "IMG_4812.JPG", photo(g.r, sceneWallStain)))})
	}

	// The adjuster asks for an update.
	add(&message{from: addr(lindqvist.adjName, lindqvist.adjEmail), to: claimsEmail,
		subject: "Claim 31-7K42-9Q8 / Lindqvist - status?", date: at(2, 8, 31, 7), id: inboxIDs.bellStatus,
		extra: outlookHdrs("Claim 31-7K42-9Q8 / Lindqvist - status?"),
		body: textPart("plain", "Good morning,\n\nChecking in on the Lindqvist loss at 4418 Oakridge Ln (our claim 31-7K42-9Q8). "+
			"Can you send your initial photos, the signed work authorization and a rough drying timeline? "+
			"The insured mentioned the hall bath ceiling came down.\n\nThanks,\n\nMarcus Bell\n"+
			"Property Claims Adjuster | Prairie Mutual Insurance\n(952) 555-0131 | mbell@prairiemutual.example\n")})

	// An adjuster assigns a new claim by e-mail, with a logo in her signature.
	morenoLogo := logo(color.RGBA{0x8a, 0x1c, 0x1c, 255}, color.RGBA{0xf2, 0xc1, 0x4e, 255})
	morenoSig := func(cid string) (string, string) {
		return "\n\nThank you,\nAlicia Moreno\nField Adjuster | Ironbridge Insurance\n(952) 555-0140\n",
			"<p>Thank you,<br>Alicia Moreno<br>Field Adjuster | Ironbridge Insurance<br>(952) 555-0140</p>" +
				"<p><img src=\"cid:" + cid + "\" width=\"144\" height=\"40\" alt=\"Ironbridge Insurance\"></p>"
	}
	{
		c := jensen
		cid := "image001.png@01DB2C3A.5E1F0A20"
		tsig, hsig := morenoSig(cid)
		text := "Hi Northstar team,\n\nPlease accept this assignment for emergency mitigation and confirm once you have made contact with the insured.\n\n" +
			"Claim #: " + c.number + "\nInsured: " + c.insured + "\nLoss address: " + c.address + "\nInsured phone: (952) 555-0177\n" +
			"Date of loss: " + c.lossDate + "\nCause: washing machine drain hose - laundry room and finished basement family room\n" +
			"Policy #: " + c.policy + "\n\nPlease send the signed work authorization, your 24-hour scope and photos once on site." + tsig
		html := "<html><body style=\"font-family:Calibri,sans-serif\"><p>Hi Northstar team,</p>" +
			"<p>Please accept this assignment for emergency mitigation and confirm once you have made contact with the insured.</p>" +
			"<p>Claim #: <b>" + c.number + "</b><br>Insured: " + c.insured + "<br>Loss address: " + c.address +
			"<br>Insured phone: (952) 555-0177<br>Date of loss: " + c.lossDate +
			"<br>Cause: washing machine drain hose - laundry room and finished basement family room<br>Policy #: " + c.policy + "</p>" +
			"<p>Please send the signed work authorization, your 24-hour scope and photos once on site.</p>" + hsig + "</body></html>"
		add(&message{from: addr(c.adjName, c.adjEmail), to: claimsEmail,
			subject: "Please accept this assignment - IB218-611902-01 - Jensen", date: at(2, 9, 10, 26), id: inboxIDs.morenoAssign,
			extra: outlookHdrs("Please accept this assignment - IB218-611902-01 - Jensen"),
			body: g.multipart("related",
				g.multipart("alternative", textPart("plain", text), textPart("html", html)),
				inlineImage("image/png", "image001.png", cid, morenoLogo))})
	}

	// Photos from a technician's phone that name neither claim nor job.
	add(&message{from: luis, to: claimsEmail, subject: "Herrera day 1 photos", date: at(2, 10, 22, 3), id: g.id(office), extra: galaxy,
		body: g.multipart("mixed",
			textPart("plain", "Kitchen at Como Ave. Toe kicks pulled, 3 air movers and the LGR running. Laminate is cupping by the dishwasher.\n\nSent from my Galaxy\n"),
			attachment("image/jpeg", "20261102_101455.jpg", photo(g.r, sceneFloor)),
			attachment("image/jpeg", "20261102_101512.jpg", photo(g.r, sceneWallStain)),
			attachment("image/jpeg", "20261102_101630.jpg", photo(g.r, sceneEquipment)))})

	// A homeowner writes in Spanish, from webmail that still sends Latin-1.
	add(&message{from: latin1Addr("Tomás Herrera", "tomas.herrera73@correo.example"), to: claimsEmail,
		subject: latin1Header("¿Cuándo recogen los ventiladores? - reclamo 0091224471"), date: at(2, 11, 48, 33), id: inboxIDs.herreraQuestion,
		body: latin1Part("plain", "Buenos días,\n\nSoy Tomás Herrera, de la casa en 1290 Como Ave. Los ventiladores y el deshumidificador hacen "+
			"mucho ruido y mi mamá no puede dormir. ¿Es necesario dejarlos prendidos toda la noche? ¿Cuántos días más van a estar aquí?\n\n"+
			"También quiero saber si el seguro (Great Lakes, reclamo 0091224471) paga la luz que usan las máquinas.\n\n"+
			"Gracias,\nTomás Herrera\n(651) 555-0164\n")})

	// ITEL's lab report.
	add(&message{from: "ITEL Laboratories <reports@itel.example>", to: claimsEmail,
		subject: "ITEL Report Complete - Claim 0091224471 - HERRERA", date: at(2, 13, 15, 0), id: g.id("itel.example"), extra: autoGen,
		body: g.multipart("mixed",
			textPart("plain", "Your ITEL flooring report is complete.\n\nClaim Number: 0091224471\nInsured: Tomas Herrera\n"+
				"Sample ID: ITL-2611-48213\nReport Type: Flooring - Laminate\n\n"+
				"The report is attached and is also available on the ITEL portal.\n\nThis mailbox is not monitored.\n"),
			attachment("application/pdf", "ITEL_Report_ITL-2611-48213.pdf", itelPDF(herrera, at(2, 13, 10, 0), "ITL-2611-48213",
				"Laminate flooring, 8 mm HDF core, 5.5 in. x 48 in. plank, embossed oak visual, drop-lock joint, attached pad: none. Wear layer AC3.",
				"Available match: Riverbend Oak Collection, color Harvest Hickory, 8 mm. Sold by three regional distributors; pricing verified 11/02/2026.",
				2.89))),
	})

	// A trade newsletter.
	add(&message{from: "Restoration Pro Weekly <news@restorationpro.example>", to: claimsEmail,
		subject: "This week: frozen-pipe season, LGR vs. desiccant, and S500 notes", date: at(2, 14, 2, 0), id: g.id("mail.restorationpro.example"),
		extra: [][2]string{{"List-Unsubscribe", "<https://restorationpro.example/u/8f2c1a9e>, <mailto:unsubscribe@restorationpro.example?subject=unsubscribe>"},
			{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}, {"List-Id", "Restoration Pro Weekly <weekly.restorationpro.example>"},
			{"Precedence", "bulk"}},
		body: g.multipart("alternative",
			textPart("plain", "RESTORATION PRO WEEKLY\n\n1. Frozen-pipe season is here: five calls to expect in the first cold snap\n"+
				"2. LGR or desiccant? Picking the dehumidifier for basements below 60 F\n3. What the latest S500 notes mean for Class 4 drying\n\n"+
				"Read online: https://restorationpro.example/weekly/2026-45\n\nUnsubscribe: https://restorationpro.example/u/8f2c1a9e\n"),
			textPart("html", "<html><body><table width=\"600\" style=\"font-family:Georgia,serif\"><tr><td><h1>Restoration Pro Weekly</h1>"+
				"<h3>Frozen-pipe season is here</h3><p>Five calls to expect in the first cold snap.</p>"+
				"<h3>LGR or desiccant?</h3><p>Picking the dehumidifier for basements below 60&nbsp;&deg;F.</p>"+
				"<h3>S500 notes</h3><p>What they mean for Class 4 drying.</p>"+
				"<p style=\"font-size:11px\"><a href=\"https://restorationpro.example/u/8f2c1a9e\">Unsubscribe</a></p></td></tr></table></body></html>"))})

	// The project manager's 24-hour scope.
	add(&message{from: maria, to: claimsEmail, subject: "24hr scope - Lindqvist 26-2101-WTR", date: at(2, 15, 40, 12), id: g.outlookID("outlook.example"),
		extra: outlookHdrs("24hr scope - Lindqvist 26-2101-WTR"),
		body: g.multipart("mixed",
			textPart("plain", "Scope notes from this morning's inspection attached. Cat 1 from the supply line, Class 2. "+
				"Hall bath ceiling drywall is down; 2 ft flood cut in the hallway below.\n\nMaria\n"),
			attachment("application/pdf", "26-2101-WTR 24hr Scope.pdf", scopePDF(lindqvist, at(2, 9, 30, 0),
				"Category 1 (clean water - supply line)", "Class 2", "Burst supply line to upstairs hall bath vanity",
				[]room{{name: "Upstairs hall bath", affectedSF: 48, wallsLF: 22}, {name: "Main floor hallway", affectedSF: 96, wallsLF: 40},
					{name: "Main floor powder room", affectedSF: 24, wallsLF: 18}},
				[]string{"4 air movers", "1 LGR dehumidifier (XL)", "Ceiling drying mat, hall bath"})))})

	// An adjuster asks for the estimate.
	add(&message{from: addr(okafor.adjName, okafor.adjEmail), to: claimsEmail,
		subject: "Claim# 482019337-215 (Okafor) - estimate needed by Thursday", date: at(2, 16, 10, 45), id: g.outlookID("outlook.example"),
		extra: outlookHdrs("Claim# 482019337-215 (Okafor) - estimate needed by Thursday"),
		body: textPart("plain", "Hello,\n\nFor the Okafor kitchen fire (our claim 482019337-215, 7735 Xerxes Ave S), please upload your mitigation "+
			"estimate with the ESX and sketch by Thursday 11/5 so I can issue the first payment. Also let me know whether the pack-out is still in progress.\n\n"+
			"Regards,\nKevin Strand\nSenior Claims Adjuster\nNorthwoods Home Insurance\nDirect: 763-555-0110\n")})

	// An adjuster's out-of-office answers the office's e-mail.
	add(&message{from: addr(fairbanks.adjName, fairbanks.adjEmail), to: claimsFrom,
		subject: "Automatic reply: Ice dam leak - Fairbanks - HFC-26-00418", date: at(3, 7, 55, 2), id: g.outlookID("outlook.example"),
		inReplyTo: sentRefs.yoonIntro, references: []string{sentRefs.yoonIntro},
		extra: [][2]string{{"Auto-Submitted", "auto-replied"}, {"X-Autoreply", "yes"}, {"X-Auto-Response-Suppress", "All"},
			{"Thread-Topic", "Ice dam leak - Fairbanks - HFC-26-00418"}},
		body: textPart("plain", "Thank you for your email. I am out of the office through Wednesday, November 4 with limited access to email. "+
			"For urgent matters please call the Heartland claims center at (800) 555-0199. I will respond when I return.\n\nDerek Yoon\n")})

	// A homeowner's question from her phone.
	add(&message{from: addr("Naomi Fairbanks", "naomi.fairbanks@inboxmail.example"), to: claimsEmail,
		subject: "Question about the fans", date: at(3, 8, 40, 19), id: inboxIDs.fairbanksQuestion, extra: iphone,
		body: textPart("plain", "Hi, this is Naomi at 3021 Penn Ave N. Your guys set up fans and a dehumidifier in my upstairs bedroom yesterday. "+
			"Is it ok if I close the bedroom door at night? And the dehumidifier – do I need to empty a bucket? Nobody told me.\n\nThanks\nNaomi\n\nSent from my iPhone\n")})

	// The estimator's ESX, estimate PDF and sketch PDF.
	{
		c := okafor
		created := at(3, 9, 2, 0)
		order := []string{"Kitchen", "Dining Room", "Contents"}
		sections := map[string][]lineItem{
			"Kitchen": {
				{"Emergency service call - after hours", 1, "EA", 295.00},
				{"Seal the walls and ceiling w/ shellac-based sealer", 420, "SF", 1.12},
				{"Clean ceiling - heavy soot", 168, "SF", 1.31},
				{"Clean walls - heavy soot", 352, "SF", 1.05},
				{"Tear out upper cabinetry - fire damaged", 12, "LF", 18.90},
				{"Air scrubber (per 24 hour period) - no monitoring", 6, "DA", 73.50},
			},
			"Dining Room": {
				{"Clean ceiling - light soot", 156, "SF", 0.62},
				{"Clean walls - light soot", 384, "SF", 0.58},
				{"Deodorize building - hot thermal fog", 1, "EA", 245.00},
			},
			"Contents": {
				{"Contents - pack-out labor", 22, "HR", 58.75},
				{"Contents - large box", 64, "EA", 6.10},
				{"Off-site storage vault (per month)", 2, "MO", 165.00},
			},
		}
		var total float64
		for _, items := range sections {
			for _, it := range items {
				total += it.qty * it.unitPrice
			}
		}
		total *= 1.07875
		base := "OKAFOR_D_" + c.number
		add(&message{from: sam, to: claimsEmail, subject: "Okafor 26-2103-FIR - estimate, ESX and sketch", date: at(3, 9, 20, 37),
			id: g.outlookID("outlook.example"), extra: outlookHdrs("Okafor 26-2103-FIR - estimate, ESX and sketch"),
			body: g.multipart("mixed",
				textPart("plain", fmt.Sprintf("Mitigation estimate for Okafor is done. ESX, PDF and sketch attached - please upload to XactAnalysis "+
					"and send to Kevin Strand.\n\nRCV is $%s, mostly pack-out and soot cleaning.\n\nSam Whitaker\nEstimator, Northstar Restoration\n", money(total))),
				attachment("application/octet-stream", base+".ESX", esx(c, created, "Sam Whitaker", sections, order)),
				attachment("application/pdf", base+".pdf", estimatePDF(c, created, "Sam Whitaker", sections, order)),
				attachment("application/pdf", base+"_SKETCH.pdf", sketchPDF(c, created, "Main Level", []room{
					{name: "Kitchen", x: 0, y: 0, w: 14, h: 12}, {name: "Dining Room", x: 14, y: 0, w: 12, h: 12},
					{name: "Hallway", x: 0, y: 12, w: 26, h: 4}})))})
	}

	// A vendor's invoice.
	add(&message{from: addr("Dana Kowalski", "dkowalski@tcequipment.example"), to: claimsEmail,
		subject: "Invoice 10482 - air scrubber rental - Becker job", date: at(3, 11, 30, 8), id: g.id("tcequipment.example"),
		body: g.multipart("mixed",
			textPart("plain", "Hi,\n\nAttached is invoice 10482 for the two HEPA air scrubbers and containment poles on your Becker job in Stillwater "+
				"(your PO 26-2104-MLD). Terms are net 30.\n\nLet me know if you have any questions.\n\n"+
				"Dana Kowalski\nAccounts Receivable\nTwin Cities Equipment Rental\n(612) 555-0185\n"),
			attachment("application/pdf", "Invoice_10482.pdf", invoicePDF(at(3, 10, 0, 0), "10482", "Twin Cities Equipment Rental",
				"4100 Lyndale Ave N, Minneapolis, MN 55412  |  (612) 555-0185", "PO 26-2104-MLD (Becker, Stillwater)",
				"Northstar Restoration, 2200 Broadway St NE, Minneapolis, MN 55413",
				[]lineItem{{"HEPA air scrubber 500 CFM - weekly", 2, "WK", 185}, {"Zip pole containment kit - weekly", 1, "WK", 60},
					{"Delivery and pickup - Stillwater", 1, "EA", 75}})))})

	// A signed waiver from the field.
	add(&message{from: jake, to: claimsEmail, subject: "Becker - signed waiver (declined closet drywall removal) 26-2104-MLD",
		date: at(3, 13, 45, 51), id: g.appleID(office), extra: iphone,
		body: g.multipart("mixed",
			textPart("plain", "Harold signed the waiver – he does not want us to cut the drywall in the basement storage closet. "+
				"Copy attached. Air scrubbers running.\n\nJake\n\nSent from my iPhone\n"),
			attachment("application/pdf", "Becker waiver 11-03.pdf", waiverPDF(g.r, becker, at(3, 13, 30, 0), "Harold Becker",
				"Removal and replacement of drywall and insulation in the basement storage closet (approx. 32 SF), including HEPA vacuuming and antimicrobial application behind the wall.")),
			attachment("image/jpeg", "IMG_4860.JPG", photo(g.r, sceneMold)))})

	// A homeowner forwards her adjuster's e-mail from Gmail.
	{
		fwd := "---------- Forwarded message ---------\nFrom: Derek Yoon <dyoon@heartlandfc.example>\nDate: Mon, Nov 2, 2026 at 4:12 PM\n" +
			"Subject: Your claim HFC-26-00418\nTo: <naomi.fairbanks@inboxmail.example>\n\n\n"
		inner := "Dear Ms. Fairbanks,\n\nThank you for reporting your claim. Your claim number is HFC-26-00418. Please ask your mitigation contractor " +
			"to send the signed work authorization, moisture readings and photos to me at dyoon@heartlandfc.example and to reference the claim number.\n\n" +
			"Derek Yoon\nClaims Adjuster\nHeartland Fire & Casualty\n"
		add(&message{from: addr("Naomi Fairbanks", "naomi.fairbanks@inboxmail.example"), to: claimsEmail,
			subject: "Fwd: Your claim HFC-26-00418", date: at(3, 14, 30, 6), id: g.gmailID(),
			body: g.multipart("alternative",
				textPart("plain", "Is this what you need from me? His auto reply says he is out until Wednesday.\n\n"+fwd+inner),
				textPart("html", "<div dir=\"ltr\">Is this what you need from me? His auto reply says he is out until Wednesday.<br><br>"+
					"<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">---------- Forwarded message ---------<br>"+
					"From: <strong class=\"gmail_sendername\" dir=\"auto\">Derek Yoon</strong> <span dir=\"auto\">&lt;dyoon@heartlandfc.example&gt;</span><br>"+
					"Date: Mon, Nov 2, 2026 at 4:12 PM<br>Subject: Your claim HFC-26-00418<br>To: &lt;naomi.fairbanks@inboxmail.example&gt;<br></div><br><br>"+
					"<div dir=\"ltr\">"+strings.ReplaceAll(inner, "\n", "<br>")+"</div></div></div>"))})
	}

	// The project manager forwards an adjuster's e-mail inline from Outlook.
	{
		quoted := "From: Priya Raman <praman@glcasualty.example>\nSent: Tuesday, November 3, 2026 3:58 PM\n" +
			"To: Maria Delgado <mdelgado@demo-restoration.example>\nSubject: Sandoval - 7730415582 - new loss\n\n"
		inner := "Hi Maria,\n\nNew water loss for you: Ruth Sandoval, 812 Maple St, Anoka. Water heater leak in the basement utility room; " +
			"the finished rec room next to it is wet. Claim 7730415582, policy GLC-90022176. She is expecting your call.\n\n" +
			"Thanks!\nPriya Raman\nGreat Lakes Casualty | Property Claims\n"
		html := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body lang=\"EN-US\">" +
			"<div class=\"WordSection1\"><p class=\"MsoNormal\">Adding to the board – Priya called this in, I'm going out tomorrow at 8.</p>" +
			"<p class=\"MsoNormal\">Maria</p><div><div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in\">" +
			"<p class=\"MsoNormal\"><b>From:</b> Priya Raman &lt;praman@glcasualty.example&gt;<br><b>Sent:</b> Tuesday, November 3, 2026 3:58 PM<br>" +
			"<b>To:</b> Maria Delgado &lt;mdelgado@demo-restoration.example&gt;<br><b>Subject:</b> Sandoval - 7730415582 - new loss</p></div></div>" +
			"<p class=\"MsoNormal\">" + strings.ReplaceAll(inner, "\n", "<br>") + "</p></div></body></html>"
		add(&message{from: maria, to: claimsEmail, subject: "FW: Sandoval - 7730415582 - new loss", date: at(3, 16, 20, 14),
			id: g.outlookID("outlook.example"), extra: outlookHdrs("Sandoval - 7730415582 - new loss"),
			body: g.multipart("alternative",
				textPart("plain", "Adding to the board – Priya called this in, I'm going out tomorrow at 8.\n\nMaria\n\n"+
					"________________________________\n"+quoted+inner),
				textPart("html", html))})
	}

	// A drying log whose long non-ASCII filename is split with RFC 2231
	// continuations.
	add(&message{from: jake, to: claimsEmail, subject: "Lindqvist day 3 readings", date: at(4, 8, 10, 22), id: g.id(office), extra: thunderbird,
		body: g.multipart("mixed",
			textPart("plain", "Day 3 readings for Lindqvist. Subfloor in the hall still at 19%, everything else close to dry standard. "+
				"Pulling one air mover tomorrow if it drops.\n\nJake\n"),
			attachment2231Split("application/pdf", "Drying log – Lindqvist – 26-2101-WTR – day 3 readings.pdf",
				dryingLogPDF(lindqvist, at(4, 7, 50, 0), []string{"Hall subfloor", "Hall wall", "Bath ceiling"}, 11, []reading{
					{"11/02/2026", []float64{34.5, 28.0, 31.2}, 68, 71}, {"11/03/2026", []float64{26.1, 19.4, 18.8}, 49, 74},
					{"11/04/2026", []float64{19.0, 13.2, 12.1}, 38, 75}})))})

	// An adjuster asks about the lab report.
	add(&message{from: addr(herrera.adjName, herrera.adjEmail), to: claimsEmail,
		subject: "0091224471 Herrera - ITEL results / flooring", date: at(4, 9, 0, 41), id: inboxIDs.ramanITEL,
		extra: outlookHdrs("0091224471 Herrera - ITEL results / flooring"),
		body: textPart("plain", "Hi team,\n\nI received the ITEL report for the Herrera laminate (0091224471). A match is available, so we will replace "+
			"the kitchen and dining room only, not the whole first floor. Please make sure your estimate reflects that and send the drying logs "+
			"when the job is complete.\n\nAlso - is your crew pulling equipment this week?\n\nPriya Raman\nProperty Claims Adjuster\n"+
			"Great Lakes Casualty\n(651) 555-0122\n")})

	// The Spanish-speaking homeowner answers with a photo named in UTF-8.
	add(&message{from: latin1Addr("Tomás Herrera", "tomas.herrera73@correo.example"), to: claimsEmail,
		subject: latin1Header("Re: ¿Cuándo recogen los ventiladores? - reclamo 0091224471"), date: at(4, 10, 30, 9), id: g.id("correo.example"),
		inReplyTo: sentRefs.herreraReply, references: []string{inboxIDs.herreraQuestion, sentRefs.herreraReply},
		body: g.multipart("mixed",
			latin1Part("plain", "Muchas gracias. Le mando una foto del gabinete debajo del fregadero, la madera está hinchada. "+
				"¿Eso también lo van a cambiar?\n\nTomás\n"),
			attachment("image/jpeg", "gabinete_cocina_daño.jpg", photo(g.r, sceneWallStain)))})

	// An e-mail forwarded as an attachment (message/rfc822) with its own PDF.
	{
		innerDate := at(4, 10, 52, 0)
		inner := &message{from: addr(okafor.adjName, okafor.adjEmail), to: sam, subject: "Okafor contents inventory - 482019337-215",
			date: innerDate, id: g.outlookID("outlook.example"),
			body: g.multipart("mixed",
				textPart("plain", "Sam,\n\nPlease have your pack-out crew complete the attached inventory form for the Okafor contents "+
					"(482019337-215) and return it with the box count.\n\nKevin\n"),
				attachment("application/pdf", "Contents_Inventory_Form_NHI.pdf", contentsFormPDF(okafor, innerDate)))}
		add(&message{from: sam, to: claimsEmail, subject: "FW: Okafor contents inventory - 482019337-215", date: at(4, 11, 15, 33),
			id: g.outlookID("outlook.example"), extra: outlookHdrs("Okafor contents inventory - 482019337-215"),
			body: g.multipart("mixed",
				textPart("plain", "See attached from Kevin - he wants the contents inventory form filled out for the pack-out. "+
					"Can whoever is at Xerxes today start on it?\n\nSam\n"),
				rfc822Part("Okafor contents inventory - 482019337-215.eml", inner.bytes()))})
	}

	// An adjuster asks about the mold job, again with her signature logo.
	{
		cid := "image001.png@01DB2E8F.1A2B3C40"
		tsig, hsig := morenoSig(cid)
		text := "Hi,\n\nOn the Becker mold claim (IB218-604417-02), can you send me the remediation protocol and the post-remediation " +
			"verification plan? I also saw the invoice for the air scrubbers come through - please include equipment rental in your " +
			"estimate instead of billing it separately."
		html := "<html><body style=\"font-family:Calibri,sans-serif\"><p>Hi,</p><p>On the Becker mold claim (IB218-604417-02), can you send me " +
			"the remediation protocol and the post-remediation verification plan? I also saw the invoice for the air scrubbers come through - " +
			"please include equipment rental in your estimate instead of billing it separately.</p>" + hsig + "</body></html>"
		add(&message{from: addr(becker.adjName, becker.adjEmail), to: claimsEmail,
			subject: "IB218-604417-02 Becker - remediation protocol?", date: at(4, 13, 0, 17), id: g.outlookID("outlook.example"),
			extra: outlookHdrs("IB218-604417-02 Becker - remediation protocol?"),
			body: g.multipart("related",
				g.multipart("alternative", textPart("plain", text+tsig), textPart("html", html)),
				inlineImage("image/png", "image001.png", cid, morenoLogo))})
	}

	// The first adjuster follows up in the same thread.
	add(&message{from: addr(lindqvist.adjName, lindqvist.adjEmail), to: claimsFrom,
		subject: "RE: Claim 31-7K42-9Q8 / Lindqvist - status?", date: at(4, 14, 40, 3), id: g.outlookID("outlook.example"),
		inReplyTo: sentRefs.bellReply, references: []string{inboxIDs.bellStatus, sentRefs.bellReply},
		extra: outlookHdrs("Claim 31-7K42-9Q8 / Lindqvist - status?"),
		body: textPart("plain", "Thanks Beth. Got the ATP. Could you also send photos of the hall bath ceiling after removal and the day 3 readings? "+
			"I'd like to close out the mitigation portion next week.\n\nMarcus\n\n-----Original Message-----\n"+
			"From: Northstar Restoration Claims <claims@demo-restoration.example>\nSent: Monday, November 2, 2026 8:52 AM\n"+
			"To: Marcus Bell <mbell@prairiemutual.example>\nSubject: RE: Claim 31-7K42-9Q8 / Lindqvist - status?\n\n"+
			"> Good morning Marcus,\n> Water source was a burst supply line to the upstairs hall bath vanity.\n")})

	// XactAnalysis relays an adjuster's note.
	add(&message{from: "XactAnalysis <notifications@xactanalysis.example>", to: claimsEmail,
		subject: "Note Added: 31-7K42-9Q8 - LINDQVIST, GRETCHEN", date: at(5, 8, 20, 0),
		id: fmt.Sprintf("xa.%d.%d@xactanalysis.example", 20261105082000, g.r.IntN(100000)), extra: autoGen,
		body: textPart("plain", "A note has been added to an assignment.\n\nClaim Number: 31-7K42-9Q8\nInsured: LINDQVIST, GRETCHEN\n"+
			"Note From: Marcus Bell (Prairie Mutual Insurance)\nNote: Please upload final drying logs and the COS before invoicing.\n\n"+
			"Log in to XactAnalysis to view the assignment.\n\nThis is an automated message. Replies to this address are not monitored.\n")})

	// Work starts on the claim XactAnalysis assigned.
	add(&message{from: jake, to: claimsEmail, subject: "Ostrowski 2650 Hamline - ATP + inspection photos (52-9R13-4T7)",
		date: at(5, 9, 45, 30), id: g.appleID(office), extra: iphone,
		body: g.multipart("mixed",
			textPart("plain", "Signed ATP and inspection photos for Ostrowski. Carpet pad pulled in the family room, 5 air movers and 2 dehus set.\n\nSent from my iPhone\n"),
			attachment("application/pdf", "ATP_Ostrowski.pdf", atpPDF(g.r, ostrowski, at(5, 9, 15, 0), "Wendell Ostrowski")),
			attachment("image/jpeg", "IMG_4901.JPG", photo(g.r, sceneFloor)),
			attachment("image/jpeg", "IMG_4902.JPG", photo(g.r, sceneEquipment)))})

	// The adjuster who was out answers.
	add(&message{from: addr(fairbanks.adjName, fairbanks.adjEmail), to: claimsFrom,
		subject: "RE: Ice dam leak - Fairbanks - HFC-26-00418", date: at(5, 11, 10, 50), id: g.outlookID("outlook.example"),
		inReplyTo: sentRefs.yoonIntro, references: []string{sentRefs.yoonIntro},
		extra: outlookHdrs("Ice dam leak - Fairbanks - HFC-26-00418"),
		body: textPart("plain", "Back in the office. Please send the signed ATP, the moisture map and your photos for HFC-26-00418 and I will review today. "+
			"Is the ceiling drywall in the bedroom salvageable?\n\nDerek Yoon\nClaims Adjuster | Heartland Fire & Casualty\n(612) 555-0157\n")})

	// A homeowner without a display name.
	add(&message{from: "hbecker1948@lakesnet.example", to: claimsEmail, subject: "electric bill", date: at(5, 14, 0, 37), id: g.id("lakesnet.example"),
		body: textPart("plain", "To whom it may concern,\n\nThe two air machines in my basement have been running for a week now. Who pays for the "+
			"electricity? My insurance lady Ms Moreno said to ask you. Also when will you be done, we have family coming for Thanksgiving.\n\n"+
			"Harold Becker\n56 Lakeview Terrace\nStillwater\n")})

	// A technician writes in Spanish with the signed COS.
	add(&message{from: luis, to: claimsEmail, subject: "COS firmado - Herrera 26-2102-WTR", date: at(6, 8, 30, 4), id: g.id(office), extra: galaxy,
		body: g.multipart("mixed",
			textPart("plain", "Equipo recogido hoy en Como Ave. El cliente firmó el COS. Foto del área seca adjunta.\n\nLuis\n\nSent from my Galaxy\n"),
			attachment("application/pdf", "COS_Herrera_26-2102-WTR.pdf", cosPDF(g.r, herrera, at(6, 8, 10, 0), "Tomás Herrera")),
			attachment("image/jpeg", "20261106_081502.jpg", photo(g.r, sceneFloor)))})

	// An adjuster with two open claims asks about the newer one.
	add(&message{from: addr(sandoval.adjName, sandoval.adjEmail), to: claimsEmail, cc: maria,
		subject: "7730415582 - Sandoval - need ATP and photos", date: at(6, 9, 50, 28), id: g.outlookID("outlook.example"),
		extra: outlookHdrs("7730415582 - Sandoval - need ATP and photos"),
		body: textPart("plain", "Maria, Beth -\n\nFor Sandoval (7730415582) I still need the signed work authorization, initial photos and your "+
			"24-hour scope. Please send by end of day Monday.\n\nThanks,\nPriya\n")})

	// A homeowner's thanks, with a question.
	add(&message{from: addr("Ruth Sandoval", "ruth.sandoval@inboxmail.example"), to: claimsEmail, subject: "Thank you!",
		date: at(6, 13, 20, 55), id: g.gmailID(),
		body: textPart("plain", "Hello,\n\nI just wanted to say thank you to Maria and the young man who came Wednesday. They were very kind. "+
			"The basement smells much better already.\n\nOne question - do I need to keep the furnace room door open?\n\n"+
			"Ruth Sandoval\n812 Maple St, Anoka\n")})

	// An adjuster wants photos before a supplement.
	add(&message{from: addr(okafor.adjName, okafor.adjEmail), to: claimsEmail, cc: sam,
		subject: "482019337-215 Okafor - smoke cleaning supplement?", date: at(9, 8, 5, 12), id: g.outlookID("outlook.example"),
		extra: outlookHdrs("482019337-215 Okafor - smoke cleaning supplement?"),
		body: textPart("plain", "Hi Sam,\n\nI reviewed the estimate for 482019337-215. Before I approve a supplement for the upstairs smoke cleaning, "+
			"please send photos showing the soot on the upstairs hall walls and ceilings. The first payment has been issued for the approved "+
			"mitigation amount.\n\nKevin\n")})

	// The last job's COS and final photos.
	add(&message{from: jake, to: claimsEmail, subject: "Lindqvist - COS + final photos - 26-2101-WTR", date: at(9, 10, 40, 16), id: g.appleID(office), extra: iphone,
		body: g.multipart("mixed",
			textPart("plain", "All dry, equipment picked up. COS signed by Gretchen.\n\nSent from my iPhone\n"),
			attachment("application/pdf", "COS - Lindqvist.pdf", cosPDF(g.r, lindqvist, at(9, 10, 15, 0), "Gretchen Lindqvist")),
			attachment("image/jpeg", "IMG_5010.JPG", photo(g.r, sceneFloor)),
			attachment("image/jpeg", "IMG_5011.JPG", photo(g.r, sceneCeiling)))})

	// The office's e-mail to a mistyped address bounces.
	{
		var s7 *message
		for _, m := range sent {
			if m.id == sentRefs.lindqvistCOS {
				s7 = m
			}
		}
		raw := s7.bytes()
		hdrs := raw[:bytes.Index(raw, []byte("\r\n\r\n"))+2]
		dsnText := "Reporting-MTA: dns; mx.demo-restoration.example\nX-Postfix-Queue-ID: 4QxL7m2b9Tz3K\n" +
			"Arrival-Date: Mon,  9 Nov 2026 15:14:49 -0600 (CST)\n\n" +
			"Final-Recipient: rfc822; gretchen.lindquist@inboxmail.example\nOriginal-Recipient: rfc822;gretchen.lindquist@inboxmail.example\n" +
			"Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.inboxmail.example\n" +
			"Diagnostic-Code: smtp; 550 5.1.1 <gretchen.lindquist@inboxmail.example>: Recipient address rejected: User unknown\n"
		status := &entity{body: []byte(crlf(dsnText))}
		status.add("Content-Description", "Delivery report").add("Content-Type", "message/delivery-status")
		headers := &entity{body: hdrs}
		headers.add("Content-Description", "Undelivered Message Headers").add("Content-Type", "text/rfc822-headers")
		report := g.multipart("report", textPart("plain", "This is the mail system at host mx.demo-restoration.example.\n\n"+
			"I'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n"+
			"<gretchen.lindquist@inboxmail.example>: host mx.inboxmail.example[192.0.2.25] said: 550 5.1.1\n"+
			"    <gretchen.lindquist@inboxmail.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n"),
			status, headers)
		report.hdr[0][1] = strings.Replace(report.hdr[0][1], "multipart/report;", "multipart/report; report-type=delivery-status;", 1)
		add(&message{from: "Mail Delivery System <MAILER-DAEMON@mx.demo-restoration.example>", to: claimsEmail,
			subject: "Undelivered Mail Returned to Sender", date: at(9, 15, 14, 52), id: g.id("mx.demo-restoration.example"),
			extra: [][2]string{{"Auto-Submitted", "auto-replied"}}, body: report})
	}

	// An adjuster's meeting request for a reinspection.
	{
		ics := "BEGIN:VCALENDAR\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nVERSION:2.0\nMETHOD:REQUEST\n" +
			"BEGIN:VEVENT\nUID:040000008200E00074C5B7101A82E0080000000070F1A2B3C4D5E601\nDTSTAMP:20261110T150012Z\n" +
			"DTSTART:20261112T160000Z\nDTEND:20261112T170000Z\nSUMMARY:Reinspection: Okafor fire - 7735 Xerxes Ave S\n" +
			"LOCATION:7735 Xerxes Ave S\\, Bloomington\\, MN 55431\n" +
			"ORGANIZER;CN=Kevin Strand:mailto:kstrand@northwoodsins.example\n" +
			"ATTENDEE;CN=Northstar Restoration Claims;RSVP=TRUE:mailto:claims@demo-restoration.example\n" +
			"DESCRIPTION:Reinspection for claim 482019337-215 before the smoke cleaning supplement. Please have the estimator on site.\n" +
			"END:VEVENT\nEND:VCALENDAR\n"
		cal := textPart("calendar", ics)
		cal.hdr[0][1] = "text/calendar; charset=\"utf-8\"; method=REQUEST"
		add(&message{from: addr(okafor.adjName, okafor.adjEmail), to: claimsEmail,
			subject: "Reinspection: Okafor fire - 7735 Xerxes Ave S", date: at(10, 9, 0, 12), id: g.outlookID("outlook.example"),
			extra: outlookHdrs("Reinspection: Okafor fire - 7735 Xerxes Ave S"),
			body: g.multipart("alternative",
				textPart("plain", "When: Thursday, November 12, 2026 10:00 AM-11:00 AM (UTC-06:00) Central Time (US & Canada).\n"+
					"Where: 7735 Xerxes Ave S, Bloomington, MN 55431\n\nReinspection for claim 482019337-215 before the smoke cleaning "+
					"supplement. Please have the estimator on site.\n"),
				cal)})
	}

	// The adjuster who assigned a claim by e-mail chases the paperwork.
	{
		tsig, _ := morenoSig("")
		add(&message{from: addr(jensen.adjName, jensen.adjEmail), to: claimsEmail,
			subject: "IB218-611902-01 Jensen - still need ATP & scope", date: at(10, 11, 30, 40), id: g.outlookID("outlook.example"),
			extra: outlookHdrs("IB218-611902-01 Jensen - still need ATP & scope"),
			body: textPart("plain", "Hi,\n\nI haven't received the signed ATP or the 24-hour scope for Carla Jensen (IB218-611902-01, 415 Fuller St S). "+
				"Can you send them today? I have a supervisor review on Thursday."+tsig)})
	}
	return out
}

func row(k, v string) string {
	return "<tr><td><b>" + k + ":</b></td><td>" + v + "</td></tr>"
}
