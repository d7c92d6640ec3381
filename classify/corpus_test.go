//go:build corpus

// The corpus evaluation runs the classifier over the labelled sample mailbox
// and reports precision, recall, document-type and needs-ack accuracy. It
// reads mail with the pipeline's reader (mailparse) and takes the text of
// PDFs with a rough reader of its own, so that it needs no pdftotext. Run
// with:
//
//	go test -tags corpus -run TestCorpus -v ./classify/
//
// CLAIMDESK_CORPUS overrides the corpus directory.
package classify

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/mailparse"
)

type truthFile struct {
	Office string `json:"office"`
	Claims []struct {
		ClaimNumber string `json:"claim_number"`
	} `json:"claims"`
	Messages []struct {
		File          string  `json:"file"`
		MessageID     string  `json:"message_id"`
		InternalDate  string  `json:"internal_date"`
		Subject       string  `json:"subject"`
		Kind          string  `json:"kind"`
		ExpectClaim   *string `json:"expect_claim"`
		ClaimOptional bool    `json:"claim_optional"`
		NeedsAck      bool    `json:"needs_ack"`
		Attachments   []struct {
			Filename string `json:"filename"`
			DocType  string `json:"doc_type"`
		} `json:"attachments"`
	} `json:"messages"`
}

// corpusDirs are the labelled mailboxes measured: dev, and wild (scans,
// phone photos, streets spelled out).
func corpusDirs() []string {
	if d := os.Getenv("CLAIMDESK_CORPUS"); d != "" {
		return []string{d}
	}
	root := filepath.Join("..", "..", "shared", "corpus")
	return []string{filepath.Join(root, "dev"), filepath.Join(root, "wild")}
}

func TestCorpus(t *testing.T) {
	for _, dir := range corpusDirs() {
		t.Run(filepath.Base(dir), func(t *testing.T) { testCorpus(t, dir) })
	}
}

func testCorpus(t *testing.T, dir string) {
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	var truth truthFile
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	officeDomain := emailDomain(truth.Office)
	cfg := Config{OfficeDomain: officeDomain, ForwardLocal: emailLocal(truth.Office)}
	remap := reformatMap(truth)
	csvClaims := loadClaimsCSV(t, filepath.Join(dir, "claims.csv"))
	for i := range csvClaims {
		if n, ok := remap[csvClaims[i].ClaimNumber]; ok {
			csvClaims[i].ClaimNumber = n
		}
	}
	reg := NewMemRegistry(csvClaims...)

	type item struct {
		at    time.Time
		sent  bool
		file  string
		index int // into truth.Messages for inbox
	}
	var items []item
	for i, m := range truth.Messages {
		at, err := time.Parse(time.RFC3339, m.InternalDate)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{at: at, file: filepath.Join(dir, "inbox", m.File), index: i})
	}
	sentFiles, _ := filepath.Glob(filepath.Join(dir, "sent", "*.eml"))
	for _, f := range sentFiles {
		msg := readEML(t, f)
		items = append(items, item{at: msg.Date, sent: true, file: f})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].at.Equal(items[j].at) {
			return !items[i].sent && items[j].sent
		}
		return items[i].at.Before(items[j].at)
	})

	seq := 0
	for _, c := range reg.Claims() {
		if parts := strings.Split(c.JobNumber, "-"); len(parts) == 3 {
			if n, err := strconv.Atoi(parts[1]); err == nil && n > seq {
				seq = n
			}
		}
	}

	type result struct {
		predicted *string
		decision  Decision
		needsAck  bool
		docs      map[string]string
		docEv     map[string]string
	}
	results := map[int]*result{}
	type pend struct {
		msg      *Message
		res      *result
		decision Decision
	}
	var pending []*pend
	for _, it := range items {
		msg := readEML(t, it.file)
		reformat(msg, remap)
		if it.sent {
			// The office's own reply belongs to the claim of the message it
			// answers.
			if cs := reg.ByThread(threadIDsOf(msg)); len(cs) == 1 {
				reg.FileMessage(msg.MessageID, cs[0].ID)
			}
			continue
		}
		perturb(msg)
		d := MatchClaim(msg, reg, cfg)
		r := &result{decision: d, needsAck: NeedsAck(msg, officeDomain), docs: map[string]string{}, docEv: map[string]string{}}
		switch d.Outcome {
		case OutcomeFiled:
			reg.FileMessage(msg.MessageID, d.Claim.ID)
			cn := d.Claim.ClaimNumber
			r.predicted = &cn
		case OutcomeNewClaim:
			seq++
			a := d.Assignment
			c := reg.Add(Claim{
				JobNumber:   AllocateJobNumber("", msg.Date, seq, a.LossType),
				ClaimNumber: a.ClaimNumber, PolicyNumber: a.PolicyNumber, Carrier: a.Carrier,
				InsuredName: a.InsuredName, LossAddress: a.LossAddress,
				AdjusterName: a.AdjusterName, AdjusterEmail: a.AdjusterEmail, Open: true,
			})
			reg.FileMessage(msg.MessageID, c.ID)
			cn := c.ClaimNumber
			r.predicted = &cn
			if testing.Verbose() {
				t.Logf("%s new claim %+v", filepath.Base(it.file), c)
			}
			// Mail that named this claim before it existed is matched again,
			// as the pipeline does when it creates a claim.
			for pi, p := range pending {
				if p == nil || !slices.Contains(p.decision.Unknown, Normalize(c.ClaimNumber)) {
					continue
				}
				d2 := MatchClaim(p.msg, reg, cfg)
				if d2.Outcome == OutcomeFiled {
					reg.FileMessage(p.msg.MessageID, d2.Claim.ID)
					cn := d2.Claim.ClaimNumber
					p.res.predicted = &cn
					p.res.decision = d2
					pending[pi] = nil
				}
			}
		case OutcomeTriage:
			if len(d.Unknown) > 0 {
				pending = append(pending, &pend{msg, r, d})
			}
		}
		for _, a := range msg.Attachments {
			dt, ev := DocType(a, msg)
			r.docs[a.Filename] = dt
			r.docEv[a.Filename] = ev
		}
		results[it.index] = r
	}

	var filed, filedRight, expected, expectedRight, nullFiled, docs, docsRight, ackRight int
	var triaged, firstRight int // expected messages left in triage, and those whose first candidate is right
	failures := map[string][]string{}
	for i, m := range truth.Messages {
		r := results[i]
		got := "-"
		if r.predicted != nil {
			got = *r.predicted
		}
		if m.ExpectClaim != nil {
			if n, ok := remap[*m.ExpectClaim]; ok {
				m.ExpectClaim = &n
			}
		}
		want := "-"
		if m.ExpectClaim != nil {
			want = *m.ExpectClaim
		}
		if r.predicted != nil {
			filed++
			if m.ExpectClaim != nil && Normalize(*r.predicted) == Normalize(*m.ExpectClaim) {
				filedRight++
			} else if m.ExpectClaim == nil {
				nullFiled++
			}
		}
		right := got == want || m.ClaimOptional && got == "-"
		if r.predicted == nil && m.ExpectClaim != nil && r.decision.Outcome == OutcomeTriage {
			triaged++
			if c := r.decision.Candidates; len(c) > 0 && Normalize(c[0].ClaimNumber) == Normalize(*m.ExpectClaim) {
				firstRight++
			}
		}
		if m.ExpectClaim != nil && !m.ClaimOptional {
			expected++
			if r.predicted != nil && Normalize(got) == Normalize(want) {
				expectedRight++
			}
		}
		if !right {
			failures[m.Kind] = append(failures[m.Kind], fmt.Sprintf("%s claim want %s got %s: %s (%s)", m.File, want, got, r.decision.Outcome, r.decision.Reason))
		}
		if r.needsAck == m.NeedsAck {
			ackRight++
		} else {
			failures[m.Kind] = append(failures[m.Kind], fmt.Sprintf("%s needs_ack want %v got %v", m.File, m.NeedsAck, r.needsAck))
		}
		for _, a := range m.Attachments {
			docs++
			if len(remap) > 0 {
				var pairs []string
				for o, n := range remap {
					pairs = append(pairs, o, n, Normalize(o), Normalize(n))
				}
				a.Filename = strings.NewReplacer(pairs...).Replace(a.Filename)
			}
			if r.docs[a.Filename] == a.DocType {
				docsRight++
			} else {
				failures[m.Kind] = append(failures[m.Kind], fmt.Sprintf("%s doc %q want %s got %s (%s)", m.File, a.Filename, a.DocType, r.docs[a.Filename], r.docEv[a.Filename]))
			}
		}
	}
	pct := func(a, b int) float64 {
		if b == 0 {
			return 100
		}
		return 100 * float64(a) / float64(b)
	}
	t.Logf("messages %d", len(truth.Messages))
	t.Logf("precision %.2f%% (%d/%d filed right)", pct(filedRight, filed), filedRight, filed)
	t.Logf("recall    %.2f%% (%d/%d expected filed)", pct(expectedRight, expected), expectedRight, expected)
	t.Logf("null-expected messages filed: %d", nullFiled)
	t.Logf("doc types %.2f%% (%d/%d)", pct(docsRight, docs), docsRight, docs)
	t.Logf("needs_ack %.2f%% (%d/%d)", pct(ackRight, len(truth.Messages)), ackRight, len(truth.Messages))
	t.Logf("triage: first candidate right for %d of %d messages left there that belong to a claim", firstRight, triaged)
	if os.Getenv("CLAIMDESK_CORPUS_SUMMARY") != "" {
		sum := map[string]int{}
		for i, m := range truth.Messages {
			d := results[i].decision
			top := ""
			for _, e := range d.Evidence {
				top += e.Rule + "/" + string(e.Strength)[:1] + " "
				if len(top) > 60 {
					break
				}
			}
			sum[fmt.Sprintf("%-18s %-9s %s", m.Kind, d.Outcome, top)]++
		}
		keys := make([]string, 0, len(sum))
		for k := range sum {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("%3d %s", sum[k], k)
		}
	}
	kinds := make([]string, 0, len(failures))
	for k := range failures {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("failures in %s: %d", k, len(failures[k]))
		for _, f := range failures[k] {
			t.Logf("    %s", f)
		}
	}
	if os.Getenv("CLAIMDESK_CORPUS_STRICT") != "" {
		if pct(filedRight, filed) < 99.5 || pct(expectedRight, expected) < 95 || nullFiled > 0 ||
			pct(docsRight, docs) < 97 || pct(ackRight, len(truth.Messages)) < 99 {
			t.Errorf("corpus measures below target")
		}
	}
}

func threadIDsOf(m *Message) []string {
	var out []string
	for _, t := range threadIDs(m) {
		out = append(out, t.id)
	}
	return out
}

func loadClaimsCSV(t testing.TB, p string) []Claim {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []Claim
	for _, r := range rows[1:] {
		out = append(out, Claim{
			JobNumber: r[col["job_number"]], ClaimNumber: r[col["claim_number"]], Carrier: r[col["carrier"]],
			PolicyNumber: r[col["policy_number"]], InsuredName: r[col["insured_name"]], LossAddress: r[col["loss_address"]],
			AdjusterName: r[col["adjuster_name"]], AdjusterEmail: r[col["adjuster_email"]], Open: true,
		})
	}
	return out
}

// readEML parses an .eml file with the pipeline's reader and maps it to the
// classifier's input as the pipeline does, with the text of its PDFs.
func readEML(t testing.TB, p string) *Message {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sink := memSink{}
	m, err := mailparse.ParseMessage(t.Context(), f, sink, mailparse.ParseOptions{})
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return classifierInput(t, m, sink)
}

// memSink keeps each attachment's bytes by SHA-256, for the PDF text.
type memSink map[string][]byte

func (s memSink) PutAttachment(_ context.Context, r io.Reader) (string, int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(b)
	key := hex.EncodeToString(sum[:])
	s[key] = b
	return key, int64(len(b)), nil
}

// classifierInput is the pipeline's mapping of a parsed message to Message.
func classifierInput(t testing.TB, m *mailparse.Message, files memSink) *Message {
	addr := func(a mailparse.Address) Address { return Address{Name: a.Name, Email: a.Email} }
	in := &Message{
		MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References,
		From: addr(m.From), Subject: m.Subject, Date: m.Date, Text: m.PlainText(), Headers: m.Headers,
		DeliveredTo: append(append([]string(nil), m.DeliveredTo...), m.OriginalTo...),
	}
	for _, a := range m.To {
		in.To = append(in.To, addr(a))
	}
	for _, a := range m.Cc {
		in.Cc = append(in.Cc, addr(a))
	}
	for _, f := range m.Forwards {
		in.Forwards = append(in.Forwards, Forward{From: addr(f.From), Date: f.Date, Subject: f.Subject, Body: f.Body})
	}
	for i := range m.Nested {
		n := &m.Nested[i]
		in.Forwards = append(in.Forwards, Forward{From: addr(n.From), Date: n.Date, Subject: n.Subject, Body: n.PlainText()})
	}
	for _, p := range m.Parts {
		if p.IsBody || (!p.IsAttachment && !p.IsInline) {
			continue
		}
		a := Attachment{Filename: p.Filename, ContentType: p.ContentType, Size: p.Size, Inline: p.IsInline, ContentID: p.ContentID}
		isPDF := p.ContentType == "application/pdf" || strings.HasSuffix(strings.ToLower(p.Filename), ".pdf")
		if p.IsAttachment && isPDF && os.Getenv("CLAIMDESK_CORPUS_NOPDFTEXT") == "" {
			a.Text = pdfText(files[p.SHA256])
		}
		if p.IsAttachment {
			a = withOCR(t, a, files[p.SHA256])
		}
		in.Attachments = append(in.Attachments, a)
	}
	return in
}

var (
	pdfStreamRe = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
)

// pdfText pulls the text strings out of simple PDFs (Flate streams, literal
// strings shown with Tj, ' and TJ). Encrypted or damaged files yield "".
func pdfText(b []byte) string {
	var out strings.Builder
	for _, s := range pdfStreamRe.FindAllSubmatch(b, -1) {
		data := s[1]
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if d, err := io.ReadAll(zr); err == nil {
				data = d
			} else {
				continue
			}
		} else {
			continue
		}
		out.WriteString(pdfContentText(data))
	}
	return out.String()
}

func pdfContentText(c []byte) string {
	var out strings.Builder
	for i := 0; i < len(c); i++ {
		if c[i] != '(' {
			continue
		}
		depth := 1
		var s []byte
		j := i + 1
		for ; j < len(c) && depth > 0; j++ {
			switch c[j] {
			case '\\':
				j++
				if j >= len(c) {
					break
				}
				switch c[j] {
				case 'n':
					s = append(s, '\n')
				case 'r', 't':
					s = append(s, ' ')
				default:
					if c[j] >= '0' && c[j] <= '7' {
						k := j
						for k < len(c) && k < j+3 && c[k] >= '0' && c[k] <= '7' {
							k++
						}
						v, _ := strconv.ParseUint(string(c[j:k]), 8, 8)
						s = append(s, byte(v))
						j = k - 1
					} else {
						s = append(s, c[j])
					}
				}
			case '(':
				depth++
				s = append(s, '(')
			case ')':
				depth--
				if depth > 0 {
					s = append(s, ')')
				}
			default:
				s = append(s, c[j])
			}
		}
		rs := make([]rune, len(s))
		for k, b := range s {
			rs[k] = rune(b)
		}
		out.WriteString(string(rs))
		out.WriteByte('\n')
		i = j - 1
	}
	return out.String()
}

// perturb rewrites a message the way other mail clients would have sent it,
// to see whether the measures hold beyond this sample's formatting:
// CLAIMDESK_CORPUS_HTML=1 turns bodies into HTML only,
// CLAIMDESK_CORPUS_WRAP=N hard-wraps bodies at N columns (breaking after
// dashes too, so identifiers split across lines),
// CLAIMDESK_CORPUS_UPPER=1 upper-cases subjects and bodies.
func perturb(m *Message) {
	if n, _ := strconv.Atoi(os.Getenv("CLAIMDESK_CORPUS_WRAP")); n > 0 {
		m.Text = hardWrap(m.Text, n)
		for i := range m.Forwards {
			m.Forwards[i].Body = hardWrap(m.Forwards[i].Body, n)
		}
	}
	switch os.Getenv("CLAIMDESK_CORPUS_FWD") {
	case "outlook":
		m.Text = gmailFwdRe.ReplaceAllString(m.Text, "________________________________\nFrom: $1\nSent: $2\nTo: $4\nSubject: $3\n")
	case "apple":
		if loc := gmailFwdRe.FindStringSubmatchIndex(m.Text); loc != nil {
			sub := gmailFwdRe.FindStringSubmatch(m.Text)
			rest := strings.Split(strings.TrimRight(m.Text[loc[1]:], "\n"), "\n")
			for i := range rest {
				rest[i] = "> " + rest[i]
			}
			m.Text = m.Text[:loc[0]] + "Begin forwarded message:\n\n> From: " + sub[1] + "\n> Date: " + sub[2] + "\n> To: " + sub[4] + "\n> Subject: " + sub[3] + "\n>\n" + strings.Join(rest, "\n")
		}
	}
	if os.Getenv("CLAIMDESK_CORPUS_UPPER") != "" {
		m.Subject = strings.ToUpper(m.Subject)
		m.Text = strings.ToUpper(m.Text)
	}
	if os.Getenv("CLAIMDESK_CORPUS_HTML") != "" {
		m.Text = toHTML(m.Text)
		for i := range m.Forwards {
			m.Forwards[i].Body = toHTML(m.Forwards[i].Body)
		}
	}
}

var gmailFwdRe = regexp.MustCompile(`-+ Forwarded message -+\nFrom: (.*)\nDate: (.*)\nSubject: (.*)\nTo: (.*)\n`)

func toHTML(s string) string {
	var b strings.Builder
	b.WriteString("<html><head><style>p{margin:0}</style></head><body><div dir=\"ltr\">")
	for _, para := range strings.Split(s, "\n\n") {
		b.WriteString("<p>")
		for i, l := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			if k := strings.Index(l, ": "); k > 0 && k < 30 {
				b.WriteString("<b>" + htmlEscape(l[:k+1]) + "</b>&nbsp;" + htmlEscape(l[k+2:]))
				continue
			}
			b.WriteString(htmlEscape(l))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</div></body></html>")
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;").Replace(s)
}

func hardWrap(s string, width int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for len(line) > width {
			cut := -1
			for i := width; i > 0; i-- {
				if line[i] == ' ' {
					cut = i
					break
				}
				if line[i-1] == '-' {
					cut = i
					break
				}
			}
			if cut <= 0 {
				cut = width
			}
			out = append(out, strings.TrimRight(line[:cut], " "))
			line = strings.TrimLeft(line[cut:], " ")
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// reformatMap gives every claim a claim number of another shape when
// CLAIMDESK_CORPUS_REFORMAT is set, so that nothing depends on this
// sample's carrier formats.
func reformatMap(truth truthFile) map[string]string {
	out := map[string]string{}
	if os.Getenv("CLAIMDESK_CORPUS_REFORMAT") == "" {
		return out
	}
	shapes := []func(i int) string{
		func(i int) string { return fmt.Sprintf("CLM-2026-%06d", 4500+i*37) },
		func(i int) string { return fmt.Sprintf("%012d", 40523012345+int64(i)*7919) },
		func(i int) string { return fmt.Sprintf("%03d-%02d-%06d", 100+i, i%97, 123456+i*11) },
		func(i int) string { return fmt.Sprintf("PA%08d", 3300000+i*101) },
		func(i int) string { return fmt.Sprintf("H%d-%04d", 10+i, 3456+i) },
		func(i int) string { return fmt.Sprintf("%d 44%d %02d", 7000+i, 100+i, i) },
		func(i int) string { return fmt.Sprintf("X%dB%dZ", 70+i, 880+i) },
	}
	for i, c := range truth.Claims {
		out[c.ClaimNumber] = shapes[i%len(shapes)](i)
	}
	return out
}

// reformat rewrites every claim number in a message, as written and in
// its normalized form (file names such as ITEL_351U999C3.pdf).
func reformat(m *Message, remap map[string]string) {
	if len(remap) == 0 {
		return
	}
	var pairs []string
	for old, n := range remap {
		pairs = append(pairs, old, n)
	}
	for old, n := range remap {
		pairs = append(pairs, Normalize(old), Normalize(n))
	}
	r := strings.NewReplacer(pairs...)
	m.Subject = r.Replace(m.Subject)
	m.Text = r.Replace(m.Text)
	for i := range m.Forwards {
		m.Forwards[i].Subject = r.Replace(m.Forwards[i].Subject)
		m.Forwards[i].Body = r.Replace(m.Forwards[i].Body)
	}
	for i := range m.Attachments {
		m.Attachments[i].Filename = r.Replace(m.Attachments[i].Filename)
		m.Attachments[i].Text = r.Replace(m.Attachments[i].Text)
	}
}
