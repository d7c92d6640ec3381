// Command gen writes the demo mailbox that ships with claimdesk: mail/*.eml
// (the shared claims inbox), sent/*.eml (the office's mail) and
// claims.csv, all for a fictional restoration office in the Twin Cities.
// The messages are written from inbox.txt and sent.txt, which the
// generator embeds; their documents and photos are drawn by code
// (sources.go).
//
// Run it from internal/demo with go generate. Output is deterministic (fixed
// dates, fixed random seed), so regenerating without changes rewrites the
// same bytes.
package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
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

	// The office's people, as claims.csv names them on its claims.
	jake  = person{"Jake Halvorsen", "jhalvorsen@" + office}
	luis  = person{"Luis Ortega", "lortega@" + office}
	maria = person{"Maria Delgado", "mdelgado@" + office}
	sam   = person{"Sam Whitaker", "swhitaker@" + office}
	beth  = person{"Beth Lund", "blund@" + office}

	lindqvist = claim{job: "26-2101-WTR", number: "31-7K42-9Q8", carrier: "Prairie Mutual Insurance", policy: "PMH-4471902",
		insured: "Gretchen Lindqvist", address: "4418 Oakridge Ln, Edina, MN 55424", lossType: "Water",
		adjName: "Marcus Bell", adjEmail: "mbell@prairiemutual.example", lossDate: "10/30/2026", inCSV: true,
		phone: "(952) 555-0126", email: "gretchen.lindqvist@inboxmail.example", tech: jake}
	herrera = claim{job: "26-2102-WTR", number: "0091224471", carrier: "Great Lakes Casualty", policy: "GLC-88310457",
		insured: "Tomás Herrera", address: "1290 Como Ave, St Paul, MN 55108", lossType: "Water",
		adjName: "Priya Raman", adjEmail: "praman@glcasualty.example", lossDate: "10/31/2026", inCSV: true,
		phone: "(651) 555-0164", email: "tomas.herrera73@correo.example", tech: luis}
	okafor = claim{job: "26-2103-FIR", number: "482019337-215", carrier: "Northwoods Home Insurance", policy: "NHI-2210977",
		insured: "Denise Okafor", address: "7735 Xerxes Ave S, Bloomington, MN 55431", lossType: "Fire",
		adjName: "Kevin Strand", adjEmail: "kstrand@northwoodsins.example", lossDate: "10/28/2026", inCSV: true,
		phone: "(952) 555-0183", tech: luis}
	becker = claim{job: "26-2104-MLD", number: "IB218-604417-02", carrier: "Ironbridge Insurance", policy: "IB-5530218",
		insured: "Harold Becker", address: "56 Lakeview Ter, Stillwater, MN 55082", lossType: "Mold",
		adjName: "Alicia Moreno", adjEmail: "amoreno@ironbridge.example", lossDate: "10/22/2026", inCSV: true,
		phone: "(651) 555-0139", email: "hbecker1948@lakesnet.example", tech: jake}
	fairbanks = claim{job: "26-2105-WTR", number: "HFC-26-00418", carrier: "Heartland Fire & Casualty", policy: "HFC-H-771204",
		insured: "Naomi Fairbanks", address: "3021 Penn Ave N, Minneapolis, MN 55411", lossType: "Water",
		adjName: "Derek Yoon", adjEmail: "dyoon@heartlandfc.example", lossDate: "11/01/2026", inCSV: true,
		phone: "(612) 555-0171", email: "naomi.fairbanks@inboxmail.example", tech: luis}
	sandoval = claim{job: "26-2106-WTR", number: "7730415582", carrier: "Great Lakes Casualty", policy: "GLC-90022176",
		insured: "Ruth Sandoval", address: "812 Maple St, Anoka, MN 55303", lossType: "Water",
		adjName: "Priya Raman", adjEmail: "praman@glcasualty.example", lossDate: "11/03/2026", inCSV: true,
		phone: "(763) 555-0158", email: "ruth.sandoval@inboxmail.example", tech: jake}
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
	inbox, sent, err := g.mailboxes()
	if err != nil {
		return err
	}
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

// person is one of the office's people.
type person struct{ name, email string }

// claimsColumns are claims.csv's columns: the import's own, then the
// insured's contacts and the claim's people, so the sample's records are
// complete and its tasks name who to ask.
var claimsColumns = []string{"job_number", "claim_number", "carrier", "policy_number", "insured_name", "loss_address",
	"loss_type", "adjuster_name", "adjuster_email", "insured_phone", "insured_email",
	"technician_name", "technician_email", "foreman_name", "foreman_email", "estimator_name", "estimator_email",
	"coordinator_name", "coordinator_email", "referred_by_name"}

func writeClaims(path string) error {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(claimsColumns)
	for _, c := range claims {
		if c.inCSV {
			w.Write([]string{c.job, c.number, c.carrier, c.policy, c.insured, c.address, c.lossType, c.adjName, c.adjEmail,
				c.phone, c.email, c.tech.name, c.tech.email, maria.name, maria.email, sam.name, sam.email,
				beth.name, beth.email, c.carrier})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
