package mailparse

import (
	"strings"
	"testing"
)

// TestForwardedBy reads who forwarded a message automatically from the
// headers forwarders leave, and takes for forwarding neither mail that
// came straight, as a Bcc or to one of the mailbox's +tag addresses, nor an
// out-of-office reply's own mark, nor a web form's client address.
func TestForwardedBy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, header, want string
	}{
		{"Gmail forwarding",
			"Delivered-To: claims@office.example\r\nX-Forwarded-To: claims@office.example\r\n" +
				"X-Forwarded-For: ana.diaz@gmail.example claims@office.example\r\nDelivered-To: ana.diaz@gmail.example\r\n" +
				"To: Ana <ana.diaz@gmail.example>\r\n",
			"ana.diaz@gmail.example"},
		{"an Exchange rule of another mailbox of the office",
			"X-MS-Exchange-Inbox-Rules-Loop: ana@office.example\r\nTo: ana@office.example\r\n", "ana@office.example"},
		{"an out-of-office reply's own mark",
			"X-MS-Exchange-Inbox-Rules-Loop: adjuster@carrier.example\r\nTo: claims@office.example\r\n", ""},
		{"delivered to a coordinator first, then to the mailbox",
			"Delivered-To: claims@office.example\r\nDelivered-To: ana@office.example\r\nTo: ana@office.example\r\n", "ana@office.example"},
		{"an alias",
			"X-Original-To: info@office.example\r\nDelivered-To: claims@office.example\r\nTo: info@office.example\r\n", "info@office.example"},
		{"a claim's +tag address",
			"X-Original-To: claims+26-1017@office.example\r\nDelivered-To: claims@office.example\r\nTo: claims+26-1017@office.example\r\n", ""},
		{"a Bcc",
			"Delivered-To: claims@office.example\r\nTo: someone@carrier.example\r\n", ""},
		{"a web form's client address",
			"X-Forwarded-For: 203.0.113.7\r\nTo: claims@office.example\r\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := c.header + "From: Adjuster <adjuster@carrier.example>\r\nSubject: photos\r\n\r\nPhotos attached.\r\n"
			msg, err := ParseMessage(t.Context(), strings.NewReader(raw), &mimeRecordingSink{}, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if msg.ForwardedBy != c.want {
				t.Errorf("forwarded by %q, want %q", msg.ForwardedBy, c.want)
			}
		})
	}
}
