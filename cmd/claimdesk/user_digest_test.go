package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// claimdesk user digest-on and digest-off choose a person's morning
// digest: the digest's recipients are those who chose it.
func TestUserDigestOnOff(t *testing.T) {
	c := newCLI(t)
	db := c.db()
	ctx := context.Background()
	c.run("admin passphrase\n", "user", "add", "--email", "admin@office.example")
	c.run("lee passphrase\n", "user", "add", "--email", "lee@office.example")
	recipients := func() string {
		t.Helper()
		users, err := db.DigestRecipients(ctx, storage.DefaultOfficeID, time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range users {
			out = append(out, u.Email)
		}
		return strings.Join(out, ",")
	}
	if got := recipients(); got != "" {
		t.Fatalf("digest recipients before anyone chose it: %q", got)
	}
	if code, out, errOut := c.run("", "user", "digest-on", "--email", "lee@office.example"); code != 0 || !strings.Contains(out, "lee@office.example gets the morning digest") {
		t.Fatalf("digest-on: %d %q %q", code, out, errOut)
	}
	if got := recipients(); got != "lee@office.example" {
		t.Errorf("recipients %q, want lee@office.example", got)
	}
	if code, _, errOut := c.run("", "user", "digest-off", "--email", "lee@office.example"); code != 0 {
		t.Fatalf("digest-off: %d %q", code, errOut)
	}
	if got := recipients(); got != "" {
		t.Errorf("recipients after digest-off: %q", got)
	}
	if code, _, errOut := c.run("", "user", "digest-on", "--email", "nobody@office.example"); code == 0 || !strings.Contains(errOut, "no user with email nobody@office.example") {
		t.Errorf("digest-on for nobody: %d %q", code, errOut)
	}
}
