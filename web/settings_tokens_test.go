package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/storage"
)

// shownTokenRe finds the token a page shows once, in its copy button.
var shownTokenRe = regexp.MustCompile(`data-copy="(cd_[a-z2-7]+)"`)

// makeToken makes a token named name on the settings page as the person
// c is signed in as, and returns it as the page the form goes to shows it.
func (b *pageBundle) makeToken(t *testing.T, c *http.Client, csrf, name string) string {
	t.Helper()
	resp, body := b.do(t, c, "POST", "/settings/tokens", url.Values{"csrf_token": {csrf}, "name": {name}}, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/settings/tokens" {
		t.Fatalf("make token %q: %d to %q, want 303 to the page\n%s", name, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	resp, body = b.do(t, c, "GET", "/settings/tokens", nil, nil)
	m := shownTokenRe.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make token %q: %d, no token shown\n%s", name, resp.StatusCode, body)
	}
	if !strings.Contains(body, "it will not be shown again") {
		t.Errorf("the new token's page does not say it is shown once:\n%s", body)
	}
	return m[1]
}

// bearer calls the API with token alone, no session.
func (b *pageBundle) bearer(t *testing.T, method, path, token, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, b.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(t, b.client(t), req)
}

// tokenID returns the id of the token named name.
func (b *pageBundle) tokenID(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	b.query(t, `SELECT id FROM api_tokens WHERE name = $1`, []any{name}, &id)
	return id
}

// TestAPITokensPage makes, lists, uses and revokes a token on the settings
// page: it is shown once and stored hashed, says when it was last used,
// and stops working at the next request once revoked.
func TestAPITokensPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana: the first user, an administrator
	if body := b.get(t, "/settings/tokens", http.StatusOK); !strings.Contains(body, "You have no tokens.") ||
		!strings.Contains(body, `href="/settings/tokens" aria-current="page">API tokens</a>`) {
		t.Errorf("the empty page:\n%s", body)
	}

	// A form from elsewhere makes nothing.
	if resp, _ := b.post(t, "/settings/tokens", url.Values{"csrf_token": {""}, "name": {"Forged"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("make a token without the CSRF token: %d, want 403", resp.StatusCode)
	}
	if resp, body := b.post(t, "/settings/tokens", url.Values{"name": {"  "}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "Say what the token is for") {
		t.Errorf("make a token without a name: %d\n%s", resp.StatusCode, body)
	}
	var count int
	b.query(t, `SELECT count(*) FROM api_tokens`, nil, &count)
	if count != 0 {
		t.Fatalf("%d tokens made by refused forms", count)
	}

	token := b.makeToken(t, b.c, b.csrf, "Job system sync")
	var stored string
	b.query(t, `SELECT row_to_json(x)::text FROM api_tokens x`, nil, &stored)
	if strings.Contains(stored, token) || !strings.Contains(stored, HashAPIToken(token)) {
		t.Errorf("the token is not stored as its hash alone: %s", stored)
	}
	page := b.get(t, "/settings/tokens", http.StatusOK)
	if strings.Contains(page, token) || !strings.Contains(page, "<strong>Job system sync</strong>") || !strings.Contains(page, "never used") {
		t.Errorf("the list shows the token again, or not its name and that it was never used:\n%s", page)
	}

	// It acts as dana; its use shows on the page.
	if resp, body := b.bearer(t, "GET", "/api/claims", token, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/claims with the new token: %d\n%s", resp.StatusCode, body)
	}
	if page := b.get(t, "/settings/tokens", http.StatusOK); !strings.Contains(page, "last used "+b.clock.Now().Format("Mon Jan 2, 15:04")) {
		t.Errorf("the list does not say when the token was last used:\n%s", page)
	}
	// A month unused, it says so.
	if _, err := b.sql.Exec(context.Background(), `UPDATE api_tokens SET last_used_at = $1`, b.clock.Now().Add(-40*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if page := b.get(t, "/settings/tokens", http.StatusOK); !strings.Contains(page, "unused for 40 days") {
		t.Errorf("a token unused for 40 days is not named so:\n%s", page)
	}

	id := b.tokenID(t, "Job system sync")
	resp, _ := b.post(t, fmt.Sprintf("/settings/tokens/%d/revoke", id), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/settings/tokens?revoked=1" {
		t.Fatalf("revoke: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := b.bearer(t, "GET", "/api/claims", token, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked token's next request: %d, want 401", resp.StatusCode)
	}
	if page := b.get(t, "/settings/tokens?revoked=1", http.StatusOK); strings.Contains(page, "<strong>Job system sync</strong>") || !strings.Contains(page, "Token revoked") {
		t.Errorf("the revoked token is still listed, or the page does not say it was revoked:\n%s", page)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/settings/tokens/%d/revoke", id), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoke it twice: %d, want 404", resp.StatusCode)
	}
}

// TestAPITokensAreTheirMakers lets each person at their own tokens alone,
// and administrators at those made on the server too: a coordinator
// neither sees nor revokes another's token or the server's.
func TestAPITokensAreTheirMakers(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana, an administrator
	ctx := context.Background()
	operator, operatorHash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "Nightly export", operatorHash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	danas := b.makeToken(t, b.c, b.csrf, "Dana's sheet")
	cole := b.addUser(t, "cole@office.example", "cole-password-1")
	if err := b.db.SetOfficeRole(ctx, cole.ID, storage.DefaultOfficeID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	coleClient := b.client(t)
	coleCSRF := b.login(t, coleClient, cole.Email, "cole-password-1")
	b.makeToken(t, coleClient, coleCSRF, "Cole's script")

	_, page := b.do(t, coleClient, "GET", "/settings/tokens", nil, nil)
	if !strings.Contains(page, "Cole&#39;s script") || strings.Contains(page, "Dana&#39;s sheet") || strings.Contains(page, "Nightly export") {
		t.Errorf("a coordinator's page shows others' tokens, or not theirs:\n%s", page)
	}
	if !strings.Contains(page, `<a href="/settings/people" aria-current="page">Settings</a>`) || strings.Contains(page, "/settings/users") {
		t.Errorf("a coordinator's navigation leads to the wrong settings:\n%s", page)
	}
	for _, name := range []string{"Dana's sheet", "Nightly export"} {
		path := fmt.Sprintf("/settings/tokens/%d/revoke", b.tokenID(t, name))
		if resp, _ := b.do(t, coleClient, "POST", path, url.Values{"csrf_token": {coleCSRF}}, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a coordinator revokes %q: %d, want 404", name, resp.StatusCode)
		}
	}
	for _, token := range []string{danas, operator} {
		if resp, _ := b.bearer(t, "GET", "/api/offices", token, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("a token after a coordinator tried to revoke it: %d", resp.StatusCode)
		}
	}

	page = b.get(t, "/settings/tokens", http.StatusOK)
	if !strings.Contains(page, "Made on the server") || !strings.Contains(page, "Nightly export") || strings.Contains(page, "Cole&#39;s script") {
		t.Errorf("an administrator's page does not show the server's tokens, or shows a coordinator's:\n%s", page)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/settings/tokens/%d/revoke", b.tokenID(t, "Nightly export")), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an administrator revokes the server's token: %d", resp.StatusCode)
	}
	if resp, _ := b.bearer(t, "GET", "/api/offices", operator, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the server's token once revoked: %d, want 401", resp.StatusCode)
	}
	if resp, _ := b.post(t, fmt.Sprintf("/settings/tokens/%d/revoke", b.tokenID(t, "Cole's script")), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an administrator revokes a coordinator's own token: %d, want 404", resp.StatusCode)
	}
}

// TestReadOnlyMembersTokenReadsOnly: a read-only member makes a token for
// their reports; it sees only their office's claims and changes nothing.
func TestReadOnlyMembersTokenReadsOnly(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	mine := b.addClaim(t, claimSeed{Job: "26-0001-KST", Number: "KESTREL-1", Insured: "Ann Smith", Status: "open"})
	theirs := b.addClaim(t, claimSeed{Job: "26-0002-ZZB", Number: "ZANZIBAR-2", Insured: "Zed Zanzibar", Status: "open"})
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East", Domain: "east.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, theirs, east.ID); err != nil {
		t.Fatal(err)
	}
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	csrf := b.login(t, c, rita.Email, "rita-password-1")
	if _, page := b.do(t, c, "GET", "/settings/tokens", nil, nil); !strings.Contains(page, "your tokens may only read too") {
		t.Errorf("a read-only member is not told their tokens read only:\n%s", page)
	}
	token := b.makeToken(t, c, csrf, "Weekly report")

	resp, body := b.bearer(t, "GET", "/api/claims?status=all", token, "")
	var list struct {
		Items []struct {
			ID       int64 `json:"id"`
			OfficeID int64 `json:"office_id"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(body), &list); resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("GET /api/claims with a read-only member's token: %d %v\n%s", resp.StatusCode, err, body)
	}
	if len(list.Items) != 1 || list.Items[0].ID != mine || list.Items[0].OfficeID != storage.DefaultOfficeID {
		t.Errorf("a read-only member's token lists %+v, want their office's claim %d alone", list.Items, mine)
	}

	path := fmt.Sprintf("/api/claims/%d", mine)
	if resp, body := b.bearer(t, "PATCH", path, token, `{"insured_name": "Changed"}`); resp.StatusCode != http.StatusForbidden {
		t.Errorf("PATCH %s with a read-only member's token: %d, want 403\n%s", path, resp.StatusCode, body)
	}
	var insured string
	b.query(t, `SELECT insured_name FROM claims WHERE id = $1`, []any{mine}, &insured)
	if insured != "Ann Smith" {
		t.Errorf("a read-only member's token changed the claim: insured %q", insured)
	}
	if resp, _ := b.bearer(t, "GET", fmt.Sprintf("/api/claims/%d", theirs), token, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a read-only member's token opens another office's claim: %d, want 404", resp.StatusCode)
	}

	// Their own token is theirs to revoke.
	id := b.tokenID(t, "Weekly report")
	if resp, _ := b.do(t, c, "POST", fmt.Sprintf("/settings/tokens/%d/revoke", id), url.Values{"csrf_token": {csrf}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a read-only member revokes their own token: %d, want 303", resp.StatusCode)
	}
	if resp, _ := b.bearer(t, "GET", "/api/claims", token, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked token: %d, want 401", resp.StatusCode)
	}
}

// A token made on the server acts in every office: an administrator of one
// office of several neither sees nor revokes it.
func TestServerTokensAreForAdministratorsOfEveryOffice(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	operator, operatorHash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "Nightly export", operatorHash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East", Domain: "east.example"})
	if err != nil {
		t.Fatal(err)
	}
	erin := b.addUser(t, "erin@east.example", "erin-password-1")
	if err := b.db.SetOfficeRole(ctx, erin.ID, east.ID, storage.RoleAdministrator); err != nil {
		t.Fatal(err)
	}
	c := b.client(t)
	csrf := b.login(t, c, erin.Email, "erin-password-1")
	if _, page := b.do(t, c, "GET", "/settings/tokens", nil, nil); strings.Contains(page, "Nightly export") || strings.Contains(page, "Made on the server") {
		t.Errorf("an administrator of one office sees the server's tokens:\n%s", page)
	}
	path := fmt.Sprintf("/settings/tokens/%d/revoke", b.tokenID(t, "Nightly export"))
	if resp, _ := b.do(t, c, "POST", path, url.Values{"csrf_token": {csrf}}, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an administrator of one office revokes the server's token: %d, want 404", resp.StatusCode)
	}
	if resp, _ := b.bearer(t, "GET", "/api/offices", operator, ""); resp.StatusCode != http.StatusOK {
		t.Errorf("the server's token after: %d", resp.StatusCode)
	}
}

// TestAPITokenShownOnceAfterRedirect: making a token goes to the page
// (POST-redirect-GET), so that reloading it makes no second token. The page
// shows the token once, then never; the token is in no address and is
// carried sealed, for the session that made it alone: another person
// signed in on the same browser is not shown it, nor is its maker minutes
// later.
func TestAPITokenShownOnceAfterRedirect(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	resp, _ := b.post(t, "/settings/tokens", url.Values{"name": {"Job system sync"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/settings/tokens" {
		t.Fatalf("make a token: %d to %q, want 303 to the page", resp.StatusCode, resp.Header.Get("Location"))
	}
	carried := newTokenCookieOf(resp)
	if carried == nil || !carried.HttpOnly || carried.Path != "/settings/tokens" || carried.MaxAge <= 0 {
		t.Fatalf("the new token's cookie: %+v, want an HttpOnly cookie for the page alone", carried)
	}
	// A page that fails to load keeps the token for the reload.
	rename := func(from, to string) {
		t.Helper()
		if _, err := b.sql.Exec(t.Context(), `ALTER TABLE `+from+` RENAME TO `+to); err != nil {
			t.Fatal(err)
		}
	}
	rename("api_tokens", "api_tokens_away")
	b.get(t, "/settings/tokens", http.StatusInternalServerError)
	rename("api_tokens_away", "api_tokens")
	page := b.get(t, "/settings/tokens", http.StatusOK)
	m := shownTokenRe.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Your new token: Job system sync") {
		t.Fatalf("the page after making a token does not show it:\n%s", page)
	}
	if strings.Contains(carried.Value, strings.TrimPrefix(m[1], "cd_")) {
		t.Error("the cookie carries the token in the clear")
	}
	// Reloading the page: no token shown, none made.
	if again := b.get(t, "/settings/tokens", http.StatusOK); strings.Contains(again, m[1]) || strings.Contains(again, "Your new token") {
		t.Error("the page shows the new token a second time")
	}
	var count int
	b.query(t, `SELECT count(*) FROM api_tokens`, nil, &count)
	if count != 1 {
		t.Errorf("%d tokens, want 1", count)
	}

	// A cookie left on a browser (its page never opened) is opened by
	// nobody else signed in there, and by its maker only while it is fresh.
	resp, _ = b.post(t, "/settings/tokens", url.Values{"name": {"Left behind"}})
	left := newTokenCookieOf(resp)
	b.addUser(t, "eli@office.example", "eli battery staple")
	eli := b.client(t)
	b.login(t, eli, "eli@office.example", "eli battery staple")
	u, _ := url.Parse(b.ts.URL + "/settings/tokens")
	eli.Jar.SetCookies(u, []*http.Cookie{{Name: newTokenCookie, Value: left.Value, Path: "/settings/tokens"}})
	if _, body := b.do(t, eli, "GET", "/settings/tokens", nil, nil); shownTokenRe.MatchString(body) || strings.Contains(body, "Left behind") {
		t.Error("another person signed in on the browser is shown the token")
	}
	b.clock.Advance(newTokenShownFor + time.Second)
	if body := b.get(t, "/settings/tokens", http.StatusOK); shownTokenRe.MatchString(body) {
		t.Error("the page shows a token made minutes ago")
	}
}

// newTokenCookieOf is the cookie resp sets to carry a new token; nil when
// it sets none.
func newTokenCookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == newTokenCookie {
			return c
		}
	}
	return nil
}
