package mailparse

import (
	"slices"
	"strings"
	"testing"
)

// TestEnvelopeReadsWhatParsingReads checks the envelope stored before
// parsing against the parse itself, on headers a strict reader refuses.
func TestEnvelopeReadsWhatParsingReads(t *testing.T) {
	t.Parallel()
	const rest = "From: \"Bell, Marcus\" <MBell@PrairieMutual.example>\r\n" +
		"Subject: =?utf-8?q?Claim_0683449786_=E2=80=93_photos?=\r\n" +
		"Date: Wed, 04 Nov 2026 09:01:00 -0600\r\n" +
		"Message-ID: <envelope-1@prairiemutual.example>\r\n" +
		"In-Reply-To: <earlier@office.example>\r\n" +
		"References: <first@office.example>\r\n References: <earlier@office.example>\r\n"
	cases := map[string]string{
		"plain":              rest + "\r\nBody.\r\n",
		"mbox From line":     "From MAILER-DAEMON Wed Nov  4 09:01:00 2026\r\n" + rest + "\r\nBody.\r\n",
		"continuation first": " folded leftover of a cut header\r\n" + rest + "\r\nBody.\r\n",
		"tab first, bare LF": strings.ReplaceAll("\tX\r\n"+rest+"\r\nBody.\r\n", "\r\n", "\n"),
		"no blank line":      rest + "Body without the blank line.\r\n",
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			env := ReadEnvelope(strings.NewReader(raw))
			m, err := ParseMessage(t.Context(), strings.NewReader(raw), nil, ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if env.Subject != "Claim 0683449786 – photos" || env.FromAddr != "mbell@prairiemutual.example" ||
				env.FromName != "Bell, Marcus" || env.MessageID != "<envelope-1@prairiemutual.example>" || env.Date.IsZero() {
				t.Errorf("envelope %+v", env)
			}
			got := Envelope{MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References,
				FromAddr: m.From.Email, FromName: m.From.Name, Subject: m.Subject, Date: m.Date}
			if env.MessageID != got.MessageID || env.InReplyTo != got.InReplyTo || !slices.Equal(env.References, got.References) ||
				env.FromAddr != got.FromAddr || env.FromName != got.FromName || env.Subject != got.Subject || !env.Date.Equal(got.Date) {
				t.Errorf("envelope %+v\nparsed   %+v", env, got)
			}
		})
	}
}

// TestEnvelopeOfNoHeader reads nothing from input that has no header.
func TestEnvelopeOfNoHeader(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "\r\n\r\n", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"} {
		if env := ReadEnvelope(strings.NewReader(raw)); env.Subject != "" || env.MessageID != "" || env.FromAddr != "" {
			t.Errorf("envelope of %q: %+v", raw, env)
		}
	}
}
