package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "dana@office.example", "correct horse battery")
	b.seedMessages(t, 60)
	c := b.client(t)
	b.login(t, c, "dana@office.example", "correct horse battery")

	// None of the seeded messages needs an answer: the board says so.
	resp, body := b.do(t, c, "GET", "/", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Nothing is waiting for an answer.") || strings.Contains(body, "Message number") {
		t.Errorf("SLA board: %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `<a href="/" aria-current="page">SLA board</a>`) {
		t.Error("the board is not marked as the current page")
	}

	// The messages page pages through everything, 50 at a time.
	resp, body = b.do(t, c, "GET", "/messages", nil, nil)
	if resp.StatusCode != 200 || strings.Count(body, "Message number ") != 50 {
		t.Fatalf("messages: %d, %d rows", resp.StatusCode, strings.Count(body, "Message number "))
	}
	next := regexp.MustCompile(`<a href="([^"]+)">Older messages</a>`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to older messages")
	}
	_, body = b.do(t, c, "GET", html.UnescapeString(next[1]), nil, nil)
	if strings.Count(body, "Message number ") != 10 || !strings.Contains(body, "Message number 1<") || strings.Contains(body, "Older messages") {
		t.Errorf("second page:\n%s", body)
	}

	_, body = b.do(t, c, "GET", "/messages?direction=out&status=triage", nil, nil)
	if n := strings.Count(body, "Message number "); n != 3 { // i%5 == 4 && i%4 == 3 for i < 60: 19, 39, 59
		t.Errorf("sent messages in triage: %d rows", n)
	}
	resp, _ = b.do(t, c, "GET", "/messages?status=lost", nil, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown status: %d", resp.StatusCode)
	}

	_, body = b.do(t, c, "GET", "/triage", nil, nil)
	if n := strings.Count(body, "Message number "); n != 15 || strings.Contains(body, ">parsed<") {
		t.Errorf("triage: %d rows\n%s", n, body)
	}
	resp, body = b.do(t, c, "GET", "/claims", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "<h1>Claims</h1>") {
		t.Errorf("claims: %d", resp.StatusCode)
	}
	resp, body = b.do(t, c, "GET", "/no/such/page", nil, nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Back to the SLA board") {
		t.Errorf("unknown page: %d", resp.StatusCode)
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	resp, body := b.do(t, c, "GET", staticURL("app.css"), nil, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, "--accent") {
		t.Errorf("app.css: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = b.do(t, c, "GET", "/static/app.css?v=old", nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("app.css at an old version: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := b.do(t, c, "GET", "/static/nope.js", nil, nil); resp.StatusCode != 404 {
		t.Errorf("missing asset: %d", resp.StatusCode)
	}
	// The stylesheet loads no fonts or anything else from elsewhere.
	if strings.Contains(body, "url(") || strings.Contains(body, "@import") {
		t.Error("app.css loads something from elsewhere")
	}
}
