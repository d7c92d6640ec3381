package mailparse

import (
	"bytes"
	"strings"
)

// DeliveryFailure is what a delivery status notification (RFC 3464, RFC
// 6533) says of mail a server could not deliver: the recipients it gave
// up on, and which message that was.
type DeliveryFailure struct {
	// MessageID is the returned message's Message-ID, bracketed; empty
	// when the report returns neither the message nor its headers.
	MessageID string
	// Recipients are those the report marks "Action: failed". Delays and
	// successful deliveries are not failures.
	Recipients []FailedRecipient
}

// FailedRecipient is one recipient a delivery report gave up on.
type FailedRecipient struct {
	// Address is the recipient as the sender wrote it (Original-Recipient),
	// else as the last server knew it (Final-Recipient); Final is the
	// latter when it differs (an alias the receiving domain resolved).
	// Neither has its address type.
	Address, Final string
	Status         string // the enhanced status code, "5.1.1"
	// Diagnostic is the receiving server's answer, "550 5.1.1 ... User
	// unknown", without its type; empty when the report gives none.
	Diagnostic string
}

const (
	// maxReportPartBytes is how much of a report part is read: the
	// fields of a few hundred recipients, or a returned message's headers.
	maxReportPartBytes = 64 << 10
	// maxReportParts is how many report parts are read: a report has a
	// status part and the returned headers, once.
	maxReportParts = 4
	// maxFailedRecipients bounds the recipients kept from one report.
	maxFailedRecipients = 100
	// maxReportValue bounds each field kept, in bytes.
	maxReportValue = 500
)

// reportPart is the start of a delivery report part of the top message.
type reportPart struct {
	contentType string
	text        []byte
}

// isReport reports whether a leaf part of mediaType under parentType is a
// delivery report's status or the headers it returns: a part of the
// message's own multipart/report, not of a forwarded one, and one of the
// first few, so that a message of many such parts keeps little of them.
func (p *mimeParser) isReport(msg *Message, mediaType, parentType string) bool {
	if msg.Depth != 0 || parentType != "multipart/report" || len(p.reportParts) >= maxReportParts {
		return false
	}
	switch mediaType {
	case "message/delivery-status", "message/global-delivery-status", "text/rfc822-headers", "message/global-headers":
		return true
	}
	return false
}

// isReportMachinery reports whether a part of mediaType under parentType
// is what a report (multipart/report: a bounce, a delay notice, a read
// receipt) carries beside its text for people: its fields, the headers of
// the message it reports on, or that message returned whole. Servers and
// mail programs write these; they stay with the report and are never its
// documents. A returned message is most often the office's own, filed
// from its Sent copy; a returned copy may be cut short, or be spam that a
// forged address brought back.
func isReportMachinery(mediaType, parentType string) bool {
	if parentType != "multipart/report" {
		return false
	}
	switch mediaType {
	case "message/delivery-status", "message/global-delivery-status", "text/rfc822-headers", "message/global-headers",
		"message/disposition-notification", "message/global-disposition-notification", "message/rfc822", "message/global":
		return true
	}
	return false
}

// deliveryFailure reads a report's parts: nil unless a status part names a
// failed recipient. The returned message is named by the headers part, or
// else by the first attached message (a report that returns it whole).
func deliveryFailure(parts []reportPart, nested []Message) *DeliveryFailure {
	f := &DeliveryFailure{}
	for _, p := range parts {
		switch p.contentType {
		case "message/delivery-status", "message/global-delivery-status":
			f.Recipients = append(f.Recipients, failedRecipients(p.text)...)
		default:
			if f.MessageID == "" {
				f.MessageID = firstMsgID(reportBlocks(p.text, 1)[0]["message-id"])
			}
		}
	}
	if len(f.Recipients) == 0 {
		return nil
	}
	if f.MessageID == "" && len(nested) > 0 {
		f.MessageID = nested[0].MessageID
	}
	f.Recipients = f.Recipients[:min(len(f.Recipients), maxFailedRecipients)]
	return f
}

// failedRecipients reads the per-recipient blocks of a status part (those
// naming a recipient; the per-message block names none) whose action is
// "failed", a comment after it allowed.
func failedRecipients(status []byte) []FailedRecipient {
	var out []FailedRecipient
	for _, b := range reportBlocks(status, maxFailedRecipients+1) {
		action, _, _ := strings.Cut(b["action"], " ")
		if !strings.EqualFold(action, "failed") {
			continue
		}
		final := reportAddress(b["final-recipient"])
		r := FailedRecipient{Address: reportAddress(b["original-recipient"]), Final: final,
			Status: b["status"], Diagnostic: afterType(b["diagnostic-code"])}
		if r.Address == "" {
			r.Address = final
		}
		if strings.EqualFold(r.Final, r.Address) {
			r.Final = ""
		}
		if r.Address != "" {
			out = append(out, r)
		}
	}
	return out
}

// reportAddress is a report's typed address ("rfc822; <a@b>") bare.
func reportAddress(v string) string {
	return strings.TrimSpace(strings.Trim(afterType(v), "<>"))
}

// afterType drops the type of a typed report value ("rfc822; a@b",
// "smtp; 550 ...").
func afterType(v string) string {
	if _, rest, ok := strings.Cut(v, ";"); ok {
		return strings.TrimSpace(rest)
	}
	return strings.TrimSpace(v)
}

// reportBlocks splits a report part into its blocks of fields (separated
// by blank lines), at most limit of them, always at least one. Field names
// are lower-cased, folded lines joined, the first of a repeated field
// kept, and each value cleaned and cut at maxReportValue bytes. A line
// that is not a field is skipped.
func reportBlocks(text []byte, limit int) []map[string]string {
	blocks := []map[string]string{{}}
	last := ""
	for line := range bytes.Lines(text) {
		line = bytes.TrimRight(line, "\r\n")
		cur := blocks[len(blocks)-1]
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			if len(cur) > 0 {
				if len(blocks) == limit {
					return blocks
				}
				blocks = append(blocks, map[string]string{})
			}
			last = ""
		case line[0] == ' ' || line[0] == '\t':
			if last != "" {
				cur[last] = cutValue(cur[last] + " " + strings.TrimSpace(mimeCleanText(string(line))))
			}
		default:
			name, value, ok := bytes.Cut(line, []byte(":"))
			last = ""
			if !ok {
				continue
			}
			key := strings.ToLower(strings.TrimSpace(string(name)))
			if _, seen := cur[key]; !seen {
				cur[key] = cutValue(strings.TrimSpace(mimeCleanText(string(value))))
				last = key
			}
		}
	}
	return blocks
}

// cutValue cuts a report value at maxReportValue bytes, on a character.
func cutValue(v string) string {
	if len(v) <= maxReportValue {
		return v
	}
	return strings.ToValidUTF8(v[:maxReportValue], "")
}
