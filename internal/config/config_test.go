package config

import (
	"flag"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := Register(fs, func(k string) string { return env[k] })
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return c, c.Validate()
}

func TestDefaults(t *testing.T) {
	c, err := load(t, map[string]string{"CLAIMDESK_DATA_DIR": "/srv/cd"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "" || c.HTTPAddr != "127.0.0.1:8080" || c.BlobURL != "file:///srv/cd/blobs" || len(c.IMAP) != 0 {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestFlagOverridesEnv(t *testing.T) {
	c, err := load(t, map[string]string{"CLAIMDESK_HTTP_ADDR": "127.0.0.1:1"}, "--http-addr", "127.0.0.1:2")
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != "127.0.0.1:2" {
		t.Fatalf("http addr %q, want the flag's", c.HTTPAddr)
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	for _, tc := range []struct{ env, value, want string }{
		{"CLAIMDESK_DATABASE_URL", "mysql://x", "CLAIMDESK_DATABASE_URL"},
		{"CLAIMDESK_IMAP_URL", "imap://host/INBOX", "CLAIMDESK_IMAP_URL: entry 1: missing user"},
		{"CLAIMDESK_IMAP_URL", "imap://u:p@host:99999/", "CLAIMDESK_IMAP_URL: entry 1: bad port"},
		{"CLAIMDESK_IMAP_URL", "imap://u:p@h/INBOX?tls=maybe", "tls=\"maybe\""},
		{"CLAIMDESK_TIMEZONE", "Mars/Olympus", "CLAIMDESK_TIMEZONE"},
		{"CLAIMDESK_HTTP_ADDR", "8080", "CLAIMDESK_HTTP_ADDR"},
		{"CLAIMDESK_OFFICE_DOMAIN", "not a domain", "CLAIMDESK_OFFICE_DOMAIN"},
		{"CLAIMDESK_MILESTONES", "chase=4-3", "CLAIMDESK_MILESTONES: chase: warning on day 4"},
		{"CLAIMDESK_BUSINESS_HOURS", "mon-fri 18:00-08:00", "CLAIMDESK_BUSINESS_HOURS"},
		{"CLAIMDESK_MAX_MESSAGE_MB", "0", `CLAIMDESK_MAX_MESSAGE_MB: want a number of MB from 1 to 10240, got "0"`},
		{"CLAIMDESK_WORKERS", "257", `CLAIMDESK_WORKERS: want a number from 1 to 256, got "257"`},
		{"CLAIMDESK_ACK_MINUTES", "half an hour", `CLAIMDESK_ACK_MINUTES: want a number of minutes from 1 to 10080, got "half an hour"`},
		{"CLAIMDESK_STAMP_WORKERS", "-1", `CLAIMDESK_STAMP_WORKERS: want a number from 1 to 64, got "-1"`},
		{"CLAIMDESK_OCR_WORKERS", "0", `CLAIMDESK_OCR_WORKERS: want a number from 1 to 64, got "0"`},
		{"CLAIMDESK_STAMP_MAX_MB", "2049", `CLAIMDESK_STAMP_MAX_MB: want a number of MB from 1 to 2048, got "2049"`},
		{"CLAIMDESK_REMINDERS", "on", `CLAIMDESK_REMINDERS: want manual or auto, got "on"`},
		{"CLAIMDESK_CHASE_DAY", "0", `CLAIMDESK_CHASE_DAY: want a number from 1 to 30, got "0"`},
		{"CLAIMDESK_SENT_POLL_INTERVAL", "1m", `CLAIMDESK_SENT_POLL_INTERVAL: want a duration from 1s to 40s, like 5s, got "1m"`},
		{"CLAIMDESK_SENT_POLL_INTERVAL", "500ms", `CLAIMDESK_SENT_POLL_INTERVAL: want a duration from 1s to 40s, like 5s, got "500ms"`},
		{"CLAIMDESK_SENT_POLL_INTERVAL", "often", `CLAIMDESK_SENT_POLL_INTERVAL: want a duration from 1s to 40s, like 5s, got "often"`},
	} {
		_, err := load(t, map[string]string{tc.env: tc.value})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%q: got %v, want an error containing %q", tc.env, tc.value, err, tc.want)
		}
	}
}

func TestWholeNumberSettings(t *testing.T) {
	c, err := load(t, map[string]string{
		"CLAIMDESK_MAX_MESSAGE_MB": "10240", "CLAIMDESK_WORKERS": "1", "CLAIMDESK_ACK_MINUTES": "10080",
		"CLAIMDESK_STAMP_WORKERS": "64", "CLAIMDESK_STAMP_MAX_MB": "3", "CLAIMDESK_OCR_WORKERS": "3",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxMessageBytes != 10240<<20 || c.Workers != 1 || c.AckMinutes != 10080 || c.StampWorkers != 64 || c.StampMaxBytes != 3<<20 || c.OCRWorkers != 3 {
		t.Fatalf("got max message %d, workers %d, ack %d min, stamp workers %d, stamp max %d",
			c.MaxMessageBytes, c.Workers, c.AckMinutes, c.StampWorkers, c.StampMaxBytes)
	}
}

// Sent is looked at every 5 s unless the setting says otherwise.
func TestSentPollInterval(t *testing.T) {
	c, err := load(t, nil)
	if err != nil || c.SentPoll != 5*time.Second {
		t.Fatalf("default Sent poll %s (%v), want 5s", c.SentPoll, err)
	}
	c, err = load(t, map[string]string{"CLAIMDESK_SENT_POLL_INTERVAL": "10s"}, "--sent-poll-interval", "30s")
	if err != nil || c.SentPoll != 30*time.Second {
		t.Fatalf("Sent poll %s (%v), want the flag's 30s", c.SentPoll, err)
	}
}

func TestIMAPURLs(t *testing.T) {
	got, err := ParseIMAPURLs("imap://claims%40office.example:s3cret@127.0.0.1:1143/INBOX?tls=none&sent=Sent%20Items, imaps://b:p@mail.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d accounts, want 2", len(got))
	}
	a := got[0]
	if a.User != "claims@office.example" || a.Password != "s3cret" || a.Host != "127.0.0.1:1143" ||
		a.Inbox != "INBOX" || a.Sent != "Sent Items" || a.TLS != "none" {
		t.Errorf("first account: %+v", a)
	}
	if b := got[1]; b.Host != "mail.example:993" || b.TLS != "tls" || b.Sent != "Sent" {
		t.Errorf("second account: %+v", b)
	}
	if strings.Contains(a.Name(), "s3cret") {
		t.Error("account name shows the password")
	}
}

func TestIMAPURLErrorHidesPassword(t *testing.T) {
	_, err := ParseIMAPURLs("imap://u:s3cret%zz@host/")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("got %v: want an error without the password", err)
	}
}

func TestPasswordsStayOutOfHelp(t *testing.T) {
	env := map[string]string{
		"CLAIMDESK_DATA_DIR":      "/srv/cd",
		"CLAIMDESK_DATABASE_URL":  "postgres://cd:db-s3cret@db:5432/claimdesk",
		"CLAIMDESK_IMAP_URL":      "imap://claims:imap-s3cret@mail.example:993/INBOX?tls=tls",
		"CLAIMDESK_METRICS_TOKEN": "metrics-s3cret",
	}
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var help strings.Builder
	fs.SetOutput(&help)
	c := Register(fs, func(k string) string { return env[k] })
	fs.PrintDefaults()
	for _, secret := range []string{"db-s3cret", "imap-s3cret", "metrics-s3cret"} {
		if strings.Contains(help.String(), secret) {
			t.Errorf("help output shows %s", secret)
		}
	}
	// The variables still apply, and a flag still wins over its variable.
	if err := fs.Parse([]string{"--imap-url", "imap://other:pw@mail.example:993/INBOX?tls=tls"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != env["CLAIMDESK_DATABASE_URL"] || len(c.IMAP) != 1 || c.IMAP[0].User != "other" || c.MetricsToken != "metrics-s3cret" {
		t.Fatalf("database %q, imap %+v, metrics token %q", c.DatabaseURL, c.IMAP, c.MetricsToken)
	}
}

// TestRemindersManualByDefault: automatic reminders are the office's choice;
// the chase day defaults to business day 2.
func TestRemindersManualByDefault(t *testing.T) {
	c, err := load(t, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.RemindersAuto || c.ChaseDay != 2 {
		t.Fatalf("reminders auto %v, chase day %d; want manual, day 2", c.RemindersAuto, c.ChaseDay)
	}
	c, err = load(t, map[string]string{"CLAIMDESK_REMINDERS": "auto", "CLAIMDESK_CHASE_DAY": "3"})
	if err != nil {
		t.Fatal(err)
	}
	if !c.RemindersAuto || c.ChaseDay != 3 {
		t.Fatalf("reminders auto %v, chase day %d; want auto, day 3", c.RemindersAuto, c.ChaseDay)
	}
}
