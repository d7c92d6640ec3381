package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTokenListAndMigrateStatusOnTheOfficesClock: claimdesk token list
// and migrate status, run without CLAIMDESK_TIMEZONE, give their times on
// the office's clock (Sydney, a day ahead of this machine's evening), as
// mailbox list does, and say so.
func TestTokenListAndMigrateStatusOnTheOfficesClock(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "office", "set", "--slug", "main", "--timezone", "Australia/Sydney"); code != 0 {
		t.Fatalf("office set: %d %q %q", code, out, errOut)
	}
	made := time.Date(2026, 1, 15, 18, 0, 0, 0, time.UTC)
	if _, err := c.db().CreateAPIToken(context.Background(), "reporting", "hash", 0, made); err != nil {
		t.Fatal(err)
	}
	const said = "Times are in Australia/Sydney, the office's time zone."
	code, out, errOut := c.run("", "token", "list")
	if code != 0 {
		t.Fatalf("token list: exit %d, %s", code, errOut)
	}
	if !regexp.MustCompile(`(?m)^1\s+reporting\s+server\s+2026-01-16 05:00 AEDT\s+never\s+valid$`).MatchString(out) || !strings.Contains(out, said) {
		t.Errorf("token list is not on Sydney's clock:\n%s", out)
	}

	code, out, errOut = c.run("", "migrate", "status")
	if code != 0 {
		t.Fatalf("migrate status: exit %d, %s", code, errOut)
	}
	zone, _ := time.Now().In(sydney(t)).Zone()
	if line := strings.Split(out, "\n")[1]; !strings.HasPrefix(line, "1 ") || !strings.HasSuffix(line, " "+zone) || !strings.Contains(out, said) {
		t.Errorf("migrate status is not on Sydney's clock (%s):\n%s", zone, out)
	}
}

func sydney(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
