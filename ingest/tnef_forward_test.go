package ingest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// tnefProp is one MAPI property of one value: a string (PT_UNICODE), a
// binary value or an object (PT_OBJECT), by typ.
type tnefProp struct {
	typ, id uint16
	v       []byte
}

// tnefUnicode is a PT_UNICODE property.
func tnefUnicode(id uint16, s string) tnefProp {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		binary.Write(&b, binary.LittleEndian, u)
	}
	return tnefProp{0x001F, id, b.Bytes()}
}

// tnefWriter writes a TNEF stream (MS-OXTNEF): the signature and a key,
// then attribute records of level, id, length, data and the sum of the
// data's bytes.
type tnefWriter struct{ bytes.Buffer }

func newTNEFWriter(props ...tnefProp) *tnefWriter {
	w := &tnefWriter{}
	binary.Write(w, binary.LittleEndian, uint32(0x223E9F78))
	binary.Write(w, binary.LittleEndian, uint16(1))
	w.attr(1, 0x00069003, tnefPropList(props)) // attMsgProps
	return w
}

func (w *tnefWriter) attr(level byte, id uint32, data []byte) {
	w.WriteByte(level)
	binary.Write(w, binary.LittleEndian, id)
	binary.Write(w, binary.LittleEndian, uint32(len(data)))
	w.Write(data)
	var sum uint16
	for _, c := range data {
		sum += uint16(c)
	}
	binary.Write(w, binary.LittleEndian, sum)
}

// attachment writes one attachment: its rendering data, then its MAPI
// properties (attAttachment).
func (w *tnefWriter) attachment(props ...tnefProp) {
	w.attr(2, 0x00069002, make([]byte, 14))
	w.attr(2, 0x00069005, tnefPropList(props))
}

// tnefPropList encodes MAPI properties (MS-OXTNEF 2.1.3.4): each its tag,
// a count of one, the value's length, the value padded to 4 bytes.
func tnefPropList(props []tnefProp) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint32(len(props)))
	for _, p := range props {
		binary.Write(&b, binary.LittleEndian, []uint32{uint32(p.id)<<16 | uint32(p.typ), 1, uint32(len(p.v))})
		b.Write(p.v)
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	return b.Bytes()
}

// tnefForwardMail is mail from an adjuster's office that names no claim:
// Outlook sent it in rich text, so its winmail.dat holds the mail it
// forwards as an attachment, which names the claim and carries the signed
// ATP.
func tnefForwardMail(at time.Time, atp []byte) string {
	forwarded := newTNEFWriter(
		tnefUnicode(0x0037, "Signed ATP – claim 60-8H77-8H5"),                           // PR_SUBJECT
		tnefUnicode(0x0042, "Kevin Castillo"),                                           // PR_SENT_REPRESENTING_NAME
		tnefUnicode(0x5D02, "kcastillo@homeowner.example"),                              // PR_SENT_REPRESENTING_SMTP_ADDRESS
		tnefUnicode(0x1000, "Here is the ATP I signed for claim 60-8H77-8H5.\r\nKevin")) // PR_BODY
	forwarded.attachment(tnefUnicode(0x3707, "ATP Castillo signed.pdf"), tnefProp{0x0102, 0x3701, atp})
	iidMessage := []byte{0x07, 0x03, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46}
	winmail := newTNEFWriter()
	winmail.attachment(tnefUnicode(0x3001, "Signed ATP"), tnefProp{0x000D, 0x3701, append(iidMessage, forwarded.Bytes()...)})
	return fmt.Sprintf("From: Dana Reyes <dreyes@tpa-claims.example>\nTo: claims@smrestore.example\nSubject: FW: paperwork\n"+
		"Message-ID: <fw-atp@tpa-claims.example>\nDate: %s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"+
		"--b\nContent-Type: text/plain; charset=utf-8\n\nSee the mail below.\n"+
		"--b\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Disposition: attachment; filename=\"winmail.dat\"\n"+
		"Content-Transfer-Encoding: base64\n\n%s\n--b--\n", at.Format(time.RFC1123Z), base64.StdEncoding.EncodeToString(winmail.Bytes()))
}

// TestForwardedOutlookItemIsFiled processes mail whose only word of the
// claim is in the mail it forwards inside winmail.dat, as an Outlook item:
// the forwarded text files it to the claim, and the ATP that mail carries
// is filed as the claim's ATP, with its bytes.
func TestForwardedOutlookItemIsFiled(t *testing.T) {
	t.Parallel()
	b := setupEvidence(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 4, 9, 30, 0, 0, time.UTC)
	atp := linesPDF("AUTHORIZATION TO PERFORM SERVICES", "Owner: Kevin Castillo", "Owner signature: Kevin Castillo")
	id := b.deliver(t, "in", at, tnefForwardMail(at, atp))

	d, err := b.db.GetMessageDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != storage.StatusFiled || d.ClaimID == nil || *d.ClaimID != b.claim.ID {
		t.Fatalf("status %s, claim %v (warnings %q); want filed to claim %d", d.Status, d.ClaimID, d.Warnings, b.claim.ID)
	}
	if !strings.Contains(string(d.Decision), "forward[0]") {
		t.Errorf("decision %s: want the forwarded mail as its evidence", d.Decision)
	}
	docs, err := b.db.MessageDocuments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, doc := range docs {
		if doc.Filename == "winmail.dat" {
			t.Errorf("winmail.dat filed as a document: %+v", doc)
		}
		if doc.Filename == "ATP Castillo signed.pdf" {
			found = true
			if doc.DocType != classify.DocATP || doc.ClaimID != b.claim.ID || doc.SHA256 != sha256Hex(string(atp)) {
				t.Errorf("the forwarded ATP filed as %s in claim %d, sha %s", doc.DocType, doc.ClaimID, doc.SHA256)
			}
		}
	}
	if !found {
		t.Errorf("documents %+v: the forwarded ATP is not among them", docs)
	}
}
