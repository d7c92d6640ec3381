package config

import (
	"strings"
	"testing"
)

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	good := []struct {
		raw  string
		want SMTPSettings
	}{
		{"smtp://claims%40office.example:secret@smtp.example.com:587",
			SMTPSettings{Host: "smtp.example.com:587", User: "claims@office.example", Password: "secret", TLS: "starttls", Auth: "plain", From: "claims@office.example"}},
		{"smtps://u:p@smtp.example.com?from=claims@office.example&save_sent=true&name=Claims%20Desk",
			SMTPSettings{Host: "smtp.example.com:465", User: "u", Password: "p", TLS: "tls", Auth: "plain", From: "claims@office.example", FromName: "Claims Desk", SaveSent: true}},
		{"smtp://claims%40office.example@smtp.office365.com:587?auth=xoauth2&save_sent=true",
			SMTPSettings{Host: "smtp.office365.com:587", User: "claims@office.example", TLS: "starttls", Auth: "xoauth2", From: "claims@office.example", SaveSent: true}},
		{"smtp://127.0.0.1:2525?tls=none&from=claims@office.example",
			SMTPSettings{Host: "127.0.0.1:2525", TLS: "none", Auth: "none", From: "claims@office.example"}},
	}
	for _, c := range good {
		got, err := ParseSMTPURL(c.raw)
		if err != nil {
			t.Errorf("%s: %v", c.raw, err)
			continue
		}
		if *got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.raw, *got, c.want)
		}
	}
	if s, err := ParseSMTPURL(""); s != nil || err != nil {
		t.Errorf("empty: %v, %v; want no sending", s, err)
	}
	bad := map[string]string{
		"imap://u:p@host": "scheme",
		"smtp://u:p@host?tls=maybe&from=a@b.example": "tls=",
		"smtp://host:587":                                "from=",
		"smtp://u@host?from=a@b.example":                 "auth=plain needs",
		"smtp://u:p@host?from=nobody":                    "not a mail address",
		"smtp://u:p@host?from=a@b.example&save_sent=yes": "save_sent",
		"smtp://u:p@host?from=a@b.example&auth=cram":     "auth=",
		"smtp://u:p@host?from=a@b.example&sent=Sent":     "unknown parameter",
		"smtp://u:p@host:99999?from=a@b.example":         "port",
		"smtp://u:se%zzcret@host?from=a@b.example":       "not a URL",
	}
	for raw, want := range bad {
		_, err := ParseSMTPURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "se%zzcret") {
			t.Errorf("%s: the error repeats the password: %v", raw, err)
		}
	}
}
