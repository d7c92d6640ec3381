package mailparse

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// dsn builds a delivery report with the given status part and, after it,
// the returned part (a content type and its body); returned may be empty.
func dsn(status, returnedType, returned string) string {
	s := "From: Mail Delivery System <MAILER-DAEMON@mx.office.example>\r\n" +
		"To: claims@office.example\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
		"Message-ID: <report@mx.office.example>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\n" + status + "\r\n"
	if returnedType != "" {
		s += "--b\r\nContent-Type: " + returnedType + "\r\n\r\n" + returned + "\r\n"
	}
	return s + "--b--\r\n"
}

const returnedHeaders = "From: claims@office.example\r\nTo: gretchen@inboxmail.example\r\n" +
	"Subject: COS - Lindqvist\r\nMessage-ID:\r\n <cos-1@office.example>\r\n"

func TestDeliveryFailure(t *testing.T) {
	perMessage := "Reporting-MTA: dns; mx.office.example\r\nArrival-Date: Mon, 9 Nov 2026 15:14:49 -0600\r\n\r\n"
	for _, tt := range []struct {
		name string
		mail string
		want *DeliveryFailure
	}{{
		name: "headers returned",
		mail: dsn(perMessage+"Final-Recipient: rfc822; gretchen@inboxmail.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"+
			"Diagnostic-Code: smtp; 550 5.1.1 <gretchen@inboxmail.example>:\r\n    Recipient address rejected: User unknown\r\n",
			"text/rfc822-headers", returnedHeaders),
		want: &DeliveryFailure{MessageID: "<cos-1@office.example>", Recipients: []FailedRecipient{{
			Address: "gretchen@inboxmail.example", Status: "5.1.1",
			Diagnostic: "550 5.1.1 <gretchen@inboxmail.example>: Recipient address rejected: User unknown"}}},
	}, {
		name: "message returned whole, one recipient delivered",
		mail: dsn(perMessage+"Final-Recipient: rfc822;adjuster@carrier.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n"+
			"Original-Recipient: rfc822;<x@gone.example>\r\nAction: FAILED\r\nStatus: 5.4.4\r\n",
			"message/rfc822", returnedHeaders+"\r\nThe signed COS is attached.\r\n"),
		want: &DeliveryFailure{MessageID: "<cos-1@office.example>", Recipients: []FailedRecipient{{Address: "x@gone.example", Status: "5.4.4"}}},
	}, {
		name: "nothing returned",
		mail: dsn(perMessage+"Final-Recipient: rfc822; x@gone.example\r\nAction: failed\r\nStatus: 5.0.0\r\n", "", ""),
		want: &DeliveryFailure{Recipients: []FailedRecipient{{Address: "x@gone.example", Status: "5.0.0"}}},
	}, {
		name: "no per-message block, the address typed and its alias, a comment after the action",
		mail: dsn("Original-Recipient: rfc822;Ann.Adjuster@Carrier.example\r\nFinal-Recipient: rfc822;ann@carrier.onmicrosoft.example\r\n"+
			"Action: failed (bad destination mailbox address)\r\nStatus: 5.1.10\r\n", "text/rfc822-headers", returnedHeaders),
		want: &DeliveryFailure{MessageID: "<cos-1@office.example>", Recipients: []FailedRecipient{{
			Address: "Ann.Adjuster@Carrier.example", Final: "ann@carrier.onmicrosoft.example", Status: "5.1.10"}}},
	}, {
		name: "report parts outside a multipart/report",
		mail: strings.Replace(dsn(perMessage+"Final-Recipient: rfc822; x@gone.example\r\nAction: failed\r\nStatus: 5.0.0\r\n", "", ""),
			"multipart/report; report-type=delivery-status", "multipart/mixed", 1),
	}, {
		name: "delayed, not failed",
		mail: dsn(perMessage+"Final-Recipient: rfc822; x@slow.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n", "text/rfc822-headers", returnedHeaders),
	}, {
		name: "failure without a recipient",
		mail: dsn(perMessage+"Action: failed\r\nStatus: 5.0.0\r\n", "text/rfc822-headers", returnedHeaders),
	}, {
		name: "a report forwarded inside another message",
		mail: "From: tech@office.example\r\nTo: claims@office.example\r\nSubject: Fwd: bounce\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n" +
			"--outer\r\nContent-Type: message/rfc822\r\n\r\n" +
			dsn(perMessage+"Final-Recipient: rfc822; x@gone.example\r\nAction: failed\r\nStatus: 5.0.0\r\n", "text/rfc822-headers", returnedHeaders) +
			"--outer--\r\n",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := ParseMessage(t.Context(), strings.NewReader(tt.mail), &mimeRecordingSink{}, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(msg.DeliveryFailure, tt.want) {
				t.Errorf("DeliveryFailure = %+v, want %+v", msg.DeliveryFailure, tt.want)
			}
		})
	}
}

// TestReportPartsAreNotAttachments parses reports: their fields, the
// headers they return and the message they return whole, with its files,
// are kept (stored through the sink) but are not attachments. A file put
// in the report beside them still is.
func TestReportPartsAreNotAttachments(t *testing.T) {
	failed := "Final-Recipient: rfc822; x@gone.example\r\nAction: failed\r\nStatus: 5.0.0\r\n"
	pdf := "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"COS.pdf\"\r\n\r\n%PDF-1.4\r\n"
	returned := returnedHeaders + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n" +
		"--c\r\nContent-Type: text/plain\r\n\r\nThe signed COS is attached.\r\n--c\r\n" + pdf + "--c--\r\n"
	receipt := strings.NewReplacer("report-type=delivery-status", "report-type=disposition-notification",
		"message/delivery-status", "message/disposition-notification").
		Replace(dsn("Final-Recipient: rfc822; x@carrier.example\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n",
			"text/rfc822-headers", returnedHeaders))
	for _, tt := range []struct {
		name, mail string
		want       []string // the attachments' filenames
	}{
		{name: "headers returned", mail: dsn(failed, "text/rfc822-headers", returnedHeaders)},
		{name: "message returned whole, with a file", mail: dsn(failed, "message/rfc822", returned)},
		{name: "read receipt", mail: receipt},
		{name: "a report forwarded inside another message", mail: "From: tech@office.example\r\nTo: claims@office.example\r\n" +
			"Subject: Fwd: bounce\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n" +
			"--outer\r\nContent-Type: message/rfc822\r\n\r\n" + dsn(failed, "message/rfc822", returned) + "--outer--\r\n"},
		{name: "a file beside the report's parts", mail: strings.Replace(dsn(failed, "text/rfc822-headers", returnedHeaders),
			"--b--", "--b\r\n"+pdf+"--b--", 1), want: []string{"COS.pdf"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := ParseMessage(t.Context(), strings.NewReader(tt.mail), &mimeRecordingSink{}, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range msg.Parts {
				if p.IsAttachment {
					got = append(got, p.Filename)
				}
				if !p.IsBody && p.SHA256 == "" {
					t.Errorf("part %s (%s) not stored", p.Path, p.ContentType)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("attachments %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDeliveryFailureBounded checks that a report of many recipients with
// overlong fields keeps a bounded part of them.
func TestDeliveryFailureBounded(t *testing.T) {
	var status strings.Builder
	status.WriteString("Reporting-MTA: dns; mx.office.example\r\n")
	for range 300 {
		status.WriteString("\r\nFinal-Recipient: rfc822; x@gone.example\r\nAction: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; " +
			strings.Repeat("é", 400) + "\r\n")
	}
	msg, err := ParseMessage(t.Context(), strings.NewReader(dsn(status.String(), "", "")), &mimeRecordingSink{}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := msg.DeliveryFailure
	if f == nil || len(f.Recipients) == 0 || len(f.Recipients) > maxFailedRecipients {
		t.Fatalf("DeliveryFailure = %+v, want 1 to %d recipients", f, maxFailedRecipients)
	}
	for _, r := range f.Recipients {
		if len(r.Diagnostic) > maxReportValue || !strings.HasPrefix(r.Diagnostic, "é") || strings.ContainsRune(r.Diagnostic, '\uFFFD') {
			t.Fatalf("diagnostic of %d bytes, %q...: want whole characters, at most %d bytes", len(r.Diagnostic), r.Diagnostic[:10], maxReportValue)
		}
	}
}

// TestDeliveryFailureOfManyReportParts parses a small message of a
// thousand report parts: only the first few are read, so it costs little
// memory.
func TestDeliveryFailureOfManyReportParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: x@spam.example\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; boundary=b\r\n\r\n")
	for range 990 {
		b.WriteString("--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <x@y>\r\n")
	}
	b.WriteString("--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; a@b.example\r\nAction: failed\r\n--b--\r\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	msg, err := ParseMessage(t.Context(), strings.NewReader(b.String()), &mimeRecordingSink{}, ParseOptions{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if msg.DeliveryFailure != nil {
		t.Errorf("DeliveryFailure = %+v: the status part past the first %d report parts was read", msg.DeliveryFailure, maxReportParts)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("parsing %d bytes allocated %d MiB", b.Len(), grew>>20)
	}
}

// TestDeliveryFailureOfSampleReports reads the odd-mail reports: a
// Postfix bounce returning the headers, one returning the whole message.
func TestDeliveryFailureOfSampleReports(t *testing.T) {
	for name, want := range map[string]*DeliveryFailure{
		"dsn-delivery-status.eml": {Recipients: []FailedRecipient{{Address: "adjuster@gone.example", Status: "5.1.1"}}},
		"dsn-with-rfc822.eml":     {MessageID: "<orig@office.example>", Recipients: []FailedRecipient{{Address: "x@gone.example", Status: "5.0.0"}}},
	} {
		f, err := os.Open(filepath.Join("..", "testdata", "oddmail", name))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := ParseMessage(t.Context(), f, &mimeRecordingSink{}, ParseOptions{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(msg.DeliveryFailure, want) {
			t.Errorf("%s: DeliveryFailure = %+v, want %+v", name, msg.DeliveryFailure, want)
		}
	}
}

// TestInvitesAndCardsAreNotAttachments parses an adjuster's reinspection
// invitation, as Outlook sends it (the calendar entry beside the text and
// again as a file), with a contact card and a PDF: the PDF alone is an
// attachment; the rest is kept with the message.
func TestInvitesAndCardsAreNotAttachments(t *testing.T) {
	ics := "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Reinspection\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	mail := "From: ann@carrier.example\r\nTo: claims@office.example\r\nSubject: Reinspection: Okafor fire\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n" +
		"--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n" +
		"--a\r\nContent-Type: text/plain\r\n\r\nReinspection Thursday 10am, scope attached.\r\n" +
		"--a\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n" + ics + "--a--\r\n" +
		"--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\n\r\n" + ics +
		"--m\r\nContent-Type: text/x-vcard\r\nContent-Disposition: attachment; filename=\"Ann Adjuster.vcf\"\r\n\r\nBEGIN:VCARD\r\nFN:Ann Adjuster\r\nEND:VCARD\r\n" +
		"--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"scope.pdf\"\r\n\r\n%PDF-1.4\r\n--m--\r\n"
	msg, err := ParseMessage(t.Context(), strings.NewReader(mail), &mimeRecordingSink{}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got, kept []string
	for _, p := range msg.Parts {
		switch {
		case p.IsAttachment:
			got = append(got, p.Filename)
		case !p.IsBody && p.SHA256 != "":
			kept = append(kept, p.ContentType)
		}
	}
	if !reflect.DeepEqual(got, []string{"scope.pdf"}) {
		t.Errorf("attachments %q, want the scope alone", got)
	}
	if len(kept) != 3 {
		t.Errorf("parts kept with the message %q, want the two calendar entries and the card", kept)
	}
}
