package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"image/jpeg"
	"image/png"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/mail"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

// wantAttachments lists, per inbox file, the attachments a parser must find.
// Parts of an attached message are listed under its name; "inline:" marks a
// body image that is not a document.
var wantAttachments = map[string][]string{
	"0002.eml": {"Northstar_ATP_4418_Oakridge_Ln_signed.pdf", "IMG_4811.JPG", "IMG_4812.JPG"},
	"0004.eml": {"inline:image001.png"},
	"0005.eml": {"20261102_101455.jpg", "20261102_101512.jpg", "20261102_101630.jpg"},
	"0007.eml": {"ITEL_Report_ITL-2611-48213.pdf"},
	"0009.eml": {"ATP_Herrera_26-2102-WTR.pdf", "Scope_24h_Herrera_26-2102-WTR.pdf"},
	"0010.eml": {"26-2101-WTR 24hr Scope.pdf"},
	"0012.eml": {"ATP_Jensen.pdf", "Jensen 24hr scope.pdf", "IMG_4830.JPG", "IMG_4831.JPG"},
	"0014.eml": {"ATP_Okafor_26-2103-FIR.pdf", "Scope_Okafor_26-2103-FIR.pdf", "20261103_080212.jpg", "20261103_080240.jpg"},
	"0016.eml": {"OKAFOR_D_482019337-215.ESX", "OKAFOR_D_482019337-215.pdf", "OKAFOR_D_482019337-215_SKETCH.pdf"},
	"0017.eml": {"Invoice_10482.pdf"},
	"0018.eml": {"Becker waiver 11-03.pdf", "IMG_4860.JPG"},
	"0020.eml": {"ATP_Fairbanks.pdf", "Scope_Fairbanks_HFC-26-00418.pdf", "20261103_145012.jpg", "20261103_145030.jpg"},
	"0022.eml": {"Drying log – Lindqvist – 26-2101-WTR – day 3 readings.pdf"}, // RFC 2231 continuations
	"0024.eml": {"gabinete_cocina_daño.jpg"},                                  // RFC 2231 UTF-8
	"0025.eml": {"ATP - Sandoval.pdf", "26-2106-WTR 24hr Scope.pdf", "IMG_0412.JPG", "IMG_0413.JPG"},
	"0026.eml": {"Becker scope - remediation protocol.pdf", "Becker ATP.pdf"},
	"0027.eml": {"Herrera_drying_log_11-04.pdf"},
	"0028.eml": {"Okafor contents inventory - 482019337-215.eml", "Okafor contents inventory - 482019337-215.eml/Contents_Inventory_Form_NHI.pdf"},
	"0029.eml": {"inline:image001.png"},
	"0031.eml": {"Jensen drying log day 3.pdf"},
	"0033.eml": {"Fairbanks_moisture_readings.pdf"},
	"0034.eml": {"LINDQVIST_G_31-7K42-9Q8.ESX", "LINDQVIST_G_31-7K42-9Q8.pdf", "LINDQVIST_G_31-7K42-9Q8_SKETCH.pdf"},
	"0035.eml": {"ATP_Ostrowski.pdf", "IMG_4901.JPG", "IMG_4902.JPG"},
	"0037.eml": {"26-2107-WTR 24hr Scope.pdf"},
	"0038.eml": {"HERRERA_T_0091224471.ESX", "HERRERA_T_0091224471.pdf", "HERRERA_T_0091224471_SKETCH.pdf"},
	"0040.eml": {"JENSEN_C_IB218-611902-01.ESX", "JENSEN_C_IB218-611902-01.pdf", "JENSEN_C_IB218-611902-01_SKETCH.pdf"},
	"0041.eml": {"COS_Herrera_26-2102-WTR.pdf", "Herrera_lecturas_finales.pdf", "20261106_081502.jpg"},
	"0042.eml": {"BECKER_H_IB218-604417-02.ESX", "BECKER_H_IB218-604417-02.pdf", "BECKER_H_IB218-604417-02_SKETCH.pdf"},
	"0044.eml": {"FAIRBANKS_N_HFC-26-00418.ESX", "FAIRBANKS_N_HFC-26-00418.pdf", "FAIRBANKS_N_HFC-26-00418_SKETCH.pdf"},
	"0047.eml": {"Sandoval drying log.pdf"},
	"0048.eml": {"Ostrowski readings.pdf"},
	"0049.eml": {"COS - Lindqvist.pdf", "IMG_5010.JPG", "IMG_5011.JPG"},
	"0050.eml": {"20261109_111002.jpg", "20261109_111020.jpg", "20261109_111047.jpg"},
	"0051.eml": {"OSTROWSKI_W_52-9R13-4T7.ESX", "OSTROWSKI_W_52-9R13-4T7.pdf", "OSTROWSKI_W_52-9R13-4T7_SKETCH.pdf"},
}

// automated lists the inbox files that carry the marks of mail no person
// wrote, and so need no acknowledgment.
var automated = map[string]string{
	"0001.eml": "Auto-Submitted",   // XactAnalysis assignment
	"0007.eml": "Auto-Submitted",   // ITEL report notice
	"0008.eml": "List-Unsubscribe", // newsletter
	"0013.eml": "X-Autoreply",      // out of office
	"0032.eml": "Auto-Submitted",   // XactAnalysis note
	"0052.eml": "Auto-Submitted",   // bounce
}

type part struct {
	name      string
	mediaType string
	inline    bool
	body      []byte
}

func TestMail(t *testing.T) {
	msgs, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) < 50 || len(msgs) > 65 {
		t.Errorf("sample inbox has %d messages, want 50-65", len(msgs))
	}
	var pdfs []part
	var total int
	for i, m := range msgs {
		total += len(m.Raw)
		if i > 0 && !m.InternalDate.After(msgs[i-1].InternalDate) {
			t.Errorf("%s arrives at %s, not after %s", m.Name, m.InternalDate, msgs[i-1].Name)
		}
		if _, off := m.InternalDate.Zone(); off != -6*3600 {
			t.Errorf("%s: date %s is not in office time (CST)", m.Name, m.InternalDate)
		}
		h, parts := parse(t, m)
		if name, ok := automated[m.Name]; ok && h.Get(name) == "" {
			t.Errorf("%s: no %s header", m.Name, name)
		}

		var got []string
		for _, p := range parts {
			name := p.name
			if p.inline {
				name = "inline:" + name
			}
			got = append(got, name)
			checkFile(t, m.Name, p)
			if p.mediaType == "application/pdf" {
				pdfs = append(pdfs, p)
			}
		}
		if want := wantAttachments[m.Name]; !slices.Equal(got, want) {
			t.Errorf("%s: attachments %q, want %q", m.Name, got, want)
		}
	}
	if total > 1<<20 {
		t.Errorf("sample inbox is %d bytes, want under 1 MiB", total)
	}
	if len(pdfs) < 10 {
		t.Errorf("only %d PDFs in the sample inbox", len(pdfs))
	}
	t.Run("qpdf", func(t *testing.T) { qpdfCheck(t, pdfs) })
}

// parse reads m with go-message, checks the headers every message must
// have, and returns its attachments, recursing into attached messages.
func parse(t *testing.T, m Message) (mail.Header, []part) {
	t.Helper()
	e, err := message.Read(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatalf("%s: %v", m.Name, err)
	}
	h := mail.Header{Header: e.Header}
	if id, err := h.MessageID(); err != nil || id == "" {
		t.Errorf("%s: Message-ID %q: %v", m.Name, id, err)
	}
	date, err := h.Date()
	if err != nil {
		t.Errorf("%s: Date: %v", m.Name, err)
	} else if !date.Equal(m.InternalDate) {
		t.Errorf("%s: internal date %s, Date header %s", m.Name, m.InternalDate, date)
	}
	if _, err := h.Subject(); err != nil {
		t.Errorf("%s: Subject: %v", m.Name, err)
	}
	if _, err := h.AddressList("From"); err != nil {
		t.Errorf("%s: From: %v", m.Name, err)
	}
	var parts []part
	walk(t, m.Name, e, "", 0, &parts)
	return h, parts
}

func walk(t *testing.T, file string, e *message.Entity, prefix string, depth int, out *[]part) {
	t.Helper()
	if depth > 3 {
		t.Fatalf("%s: messages nested too deep", file)
	}
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			walk(t, file, p, prefix, depth, out)
		}
	}
	mediaType, ctParams, err := e.Header.ContentType()
	if err != nil {
		t.Fatalf("%s: Content-Type: %v", file, err)
	}
	body, err := io.ReadAll(e.Body)
	if err != nil {
		t.Fatalf("%s: %s body: %v", file, mediaType, err)
	}
	disp, dParams, _ := e.Header.ContentDisposition()
	name := dParams["filename"]
	if name == "" {
		name = ctParams["name"]
	}
	if name == "" && disp != "attachment" {
		return // a body part
	}
	*out = append(*out, part{name: prefix + name, mediaType: mediaType, inline: disp == "inline", body: body})
	if mediaType == "message/rfc822" {
		inner, err := message.Read(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: attached message %s: %v", file, name, err)
		}
		walk(t, file, inner, prefix+name+"/", depth+1, out)
	}
}

// checkFile checks that an attachment is a real file of its type.
func checkFile(t *testing.T, file string, p part) {
	t.Helper()
	switch ext := strings.ToLower(filepath.Ext(p.name)); {
	case p.mediaType == "application/pdf":
		if !bytes.HasPrefix(p.body, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(p.body, "\r\n"), []byte("%%EOF")) {
			t.Errorf("%s: %s is not a complete PDF", file, p.name)
		}
	case p.mediaType == "image/jpeg":
		if _, err := jpeg.Decode(bytes.NewReader(p.body)); err != nil {
			t.Errorf("%s: %s: %v", file, p.name, err)
		}
	case p.mediaType == "image/png":
		if _, err := png.Decode(bytes.NewReader(p.body)); err != nil {
			t.Errorf("%s: %s: %v", file, p.name, err)
		}
	case ext == ".esx":
		zr, err := zip.NewReader(bytes.NewReader(p.body), int64(len(p.body)))
		if err != nil {
			t.Errorf("%s: %s is not a zip archive: %v", file, p.name, err)
		} else if len(zr.File) == 0 {
			t.Errorf("%s: %s is empty", file, p.name)
		}
	case p.mediaType == "message/rfc822":
	default:
		t.Errorf("%s: %s has unexpected type %s", file, p.name, p.mediaType)
	}
}

// qpdfCheck runs qpdf --check on every PDF: stricter than any reader
// claimdesk uses, so a PDF it accepts will not trip the pipeline.
func qpdfCheck(t *testing.T, pdfs []part) {
	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		if testenv.InCI() {
			t.Fatal("qpdf not installed")
		}
		t.Skip("qpdf not installed (Debian: apt-get install qpdf)")
	}
	dir := t.TempDir()
	for i, p := range pdfs {
		path := filepath.Join(dir, "doc.pdf")
		if err := os.WriteFile(path, p.body, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(qpdf, "--check", path).CombinedOutput()
		if err != nil {
			t.Errorf("pdf %d (%s): qpdf --check: %v\n%s", i, p.name, err, out)
		}
	}
}

func TestSpanishMailDecodes(t *testing.T) {
	msgs, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(msgs, func(m Message) bool { return m.Name == "0006.eml" })
	r, err := mail.CreateReader(bytes.NewReader(msgs[i].Raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := r.Header.Subject()
	if err != nil || !strings.HasPrefix(subject, "¿Cuándo recogen") {
		t.Errorf("subject %q, %v", subject, err)
	}
	from, err := r.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Tomás Herrera" {
		t.Errorf("from %v, %v", from, err)
	}
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(p.Body)
	if !strings.Contains(string(body), "¿Cuántos días más") {
		t.Errorf("ISO-8859-1 body not decoded:\n%s", body)
	}
}

// TestSent: the office's mail is its own, and the files it sends are
// those the field sent it, byte for byte (so each files as the document
// it is), or the office's own invoices.
func TestSent(t *testing.T) {
	sent, err := Sent()
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, m := range inbox {
		_, parts := parse(t, m)
		for _, p := range parts {
			files[p.name] = p.body
		}
	}
	forwarded := 0
	for _, m := range sent {
		h, parts := parse(t, m)
		from, err := h.AddressList("From")
		if err != nil || len(from) != 1 || !strings.HasSuffix(from[0].Address, "@"+OfficeDomain) {
			t.Errorf("%s: From %v is not the office", m.Name, from)
		}
		for _, p := range parts {
			got, ok := files[p.name]
			switch {
			case !ok && !strings.HasPrefix(p.name, "Invoice_NR-"):
				t.Errorf("%s: %s is neither a file of the inbox nor the office's invoice", m.Name, p.name)
			case ok && !bytes.Equal(got, p.body):
				t.Errorf("%s: %s differs from the inbox's file of that name", m.Name, p.name)
			case ok:
				forwarded++
			}
		}
	}
	if forwarded < 20 {
		t.Errorf("the office forwards %d files, want the field's paperwork going to the adjusters", forwarded)
	}
}

// TestSentAnswersAllButTheLastHour: the office answers every person's
// mail in its thread within 30 minutes, but for a handful of messages of
// the sample's last hour, which wait for the coordinator who opens it.
func TestSentAnswersAllButTheLastHour(t *testing.T) {
	inbox, err := Mail()
	if err != nil {
		t.Fatal(err)
	}
	sent, err := Sent()
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]time.Time{} // Message-ID → first answer in its thread
	for _, m := range sent {
		h, _ := parse(t, m)
		irt, _ := h.MsgIDList("In-Reply-To")
		refs, _ := h.MsgIDList("References")
		for _, id := range append(irt, refs...) {
			if at, ok := answers[id]; !ok || m.InternalDate.Before(at) {
				answers[id] = m.InternalDate
			}
		}
	}
	newest := inbox[len(inbox)-1].InternalDate
	var waiting []string
	for _, m := range inbox {
		h, _ := parse(t, m)
		from, _ := h.AddressList("From")
		if _, auto := automated[m.Name]; auto || strings.HasSuffix(from[0].Address, "@"+OfficeDomain) {
			continue
		}
		id, _ := h.MessageID()
		at, answered := answers[id]
		switch {
		case !answered && newest.Sub(m.InternalDate) > 90*time.Minute:
			t.Errorf("%s from %s is never answered", m.Name, from[0].Address)
		case !answered:
			waiting = append(waiting, m.Name)
		case at.Before(m.InternalDate) || at.Sub(m.InternalDate) > 30*time.Minute:
			t.Errorf("%s is answered at %s, not within 30 minutes of %s", m.Name, at, m.InternalDate)
		}
	}
	if len(waiting) < 3 || len(waiting) > 6 {
		t.Errorf("%d messages wait for an answer (%v), want a handful", len(waiting), waiting)
	}
}

func TestClaimsCSV(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(ClaimsCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email"
	if got := strings.Join(rows[0], ","); !strings.HasPrefix(got, header+",") {
		t.Errorf("header %q, want %q and the claims' people", got, header)
	}
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		if seen[r[0]] || seen[r[1]] {
			t.Errorf("duplicate job or claim in %v", r)
		}
		seen[r[0]], seen[r[1]] = true, true
		if !strings.HasSuffix(r[8], ".example") {
			t.Errorf("adjuster e-mail %q is not in a reserved domain", r[8])
		}
	}
	if len(rows) < 6 {
		t.Errorf("%d claims, want at least 5", len(rows)-1)
	}
}

func TestStartIMAP(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv, err := StartIMAP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	u, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	if u.Scheme != "imap" || u.User.Username() != srv.User || pass != srv.Password || u.Host != srv.Addr ||
		u.Path != "/INBOX" || u.Query().Get("tls") != "none" || u.Query().Get("sent") != "Sent" {
		t.Errorf("URL() = %s", srv.URL())
	}
	if srv.User != "claims@"+OfficeDomain {
		t.Errorf("user %s", srv.User)
	}

	c, err := imapclient.DialInsecure(srv.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(srv.User, srv.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []imap.Cap{imap.CapIdle, imap.CapMove, imap.CapUIDPlus} {
		if !c.Caps().Has(want) {
			t.Errorf("capability %s not offered", want)
		}
	}

	inbox, _ := Mail()
	sent, _ := Sent()
	for _, box := range []struct {
		name string
		want []Message
	}{{"INBOX", inbox}, {"Sent", sent}} {
		sel, err := c.Select(box.name, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			t.Fatalf("select %s: %v", box.name, err)
		}
		if int(sel.NumMessages) != len(box.want) {
			t.Fatalf("%s has %d messages, want %d", box.name, sel.NumMessages, len(box.want))
		}
		// 1:* (a Stop of 0 is "*"): every message, in UID order.
		got, err := c.Fetch(imap.UIDSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{
			UID: true, InternalDate: true, Flags: true,
			BodySection: []*imap.FetchItemBodySection{{Peek: true}},
		}).Collect()
		if err != nil {
			t.Fatalf("fetch %s: %v", box.name, err)
		}
		if len(got) != len(box.want) {
			t.Fatalf("fetched %d messages from %s, want %d", len(got), box.name, len(box.want))
		}
		for i, m := range got {
			w := box.want[i]
			if !bytes.Equal(m.BodySection[0].Bytes, w.Raw) {
				t.Errorf("%s uid %d: body differs from %s", box.name, m.UID, w.Name)
			}
			if !m.InternalDate.Equal(w.InternalDate) {
				t.Errorf("%s uid %d: internal date %s, want %s", box.name, m.UID, m.InternalDate, w.InternalDate)
			}
			if seen := slices.Contains(m.Flags, imap.FlagSeen); seen != (box.name == "Sent") {
				t.Errorf("%s uid %d: flags %v", box.name, m.UID, m.Flags)
			}
		}
	}

	// Cancelling the context stops the server; Close then waits for it.
	cancel()
	if err := srv.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	select {
	case <-c.Closed():
	case <-time.After(10 * time.Second):
		t.Error("client connection still open after the server stopped")
	}
	if c2, err := imapclient.DialInsecure(srv.Addr, nil); err == nil {
		c2.Close()
		t.Error("server still accepts connections after Close")
	}
}
