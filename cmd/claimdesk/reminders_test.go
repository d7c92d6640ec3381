package main

import (
	"flag"
	"log/slog"
	"testing"

	"github.com/riverqueue/river"

	"github.com/claimdesk/claimdesk/internal/config"
)

// TestAutomaticRemindersOffByDefault: nothing schedules reminders unless
// the office sets CLAIMDESK_REMINDERS=auto and can send mail.
func TestAutomaticRemindersOffByDefault(t *testing.T) {
	const smtp = "smtp://u:p@127.0.0.1:2525?tls=none&from=claims@office.example"
	for _, c := range []struct {
		name string
		env  map[string]string
		want int
	}{
		{"default", map[string]string{"CLAIMDESK_SMTP_URL": smtp}, 0},
		{"auto without mail", map[string]string{"CLAIMDESK_REMINDERS": "auto"}, 0},
		{"auto", map[string]string{"CLAIMDESK_REMINDERS": "auto", "CLAIMDESK_SMTP_URL": smtp}, 1},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		c.env["CLAIMDESK_DATA_DIR"] = t.TempDir()
		cfg := config.Register(fs, func(k string) string { return c.env[k] })
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		if got := len(addReminders(river.NewWorkers(), nil, cfg, nil, slog.New(slog.DiscardHandler))); got != c.want {
			t.Errorf("%s: %d periodic reminder jobs, want %d", c.name, got, c.want)
		}
	}
}
