package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/claimdesk/claimdesk/storage"
)

// pageForm is a form a page shows that posts: where to, and what it sends
// as it stands (its hidden and prefilled fields, its first named button).
type pageForm struct {
	action string
	fields url.Values
}

// postForms returns the forms of page body that post.
func postForms(t *testing.T, body string) []pageForm {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var forms []pageForm
	var cur *pageForm
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(name string) string {
				for _, a := range n.Attr {
					if a.Key == name {
						return a.Val
					}
				}
				return ""
			}
			switch n.Data {
			case "form":
				if strings.EqualFold(attr("method"), "post") {
					forms = append(forms, pageForm{action: attr("action"), fields: url.Values{}})
					cur = &forms[len(forms)-1]
					defer func() { cur = nil }()
				}
			case "input", "textarea":
				if cur != nil && attr("name") != "" && attr("type") != "checkbox" {
					cur.fields.Set(attr("name"), attr("value"))
				}
			case "button":
				if cur != nil && attr("name") != "" && !cur.fields.Has(attr("name")) {
					cur.fields.Set(attr("name"), attr("value"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return forms
}

// pageLinks returns the targets of page body's links within the site.
func pageLinks(t *testing.T, body string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "a" {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "href" && strings.HasPrefix(a.Val, "/") {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

// routeOf is the declared pattern a request of method to target reaches.
func (b *pageBundle) routeOf(t *testing.T, method, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, b.ts.URL+u.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, pattern := b.srv.mux.Handler(req)
	return pattern
}

// TestReadOnlyMembersAreOfferedNoForms walks every page of the dashboard
// as an administrator and as a read-only member of the office. The member
// reads what the administrator reads, is told once that they read only,
// and is shown no form that posts to a route refusing them; each form the
// administrator is shown is still refused to the member (403), and changes
// nothing.
func TestReadOnlyMembersAreOfferedNoForms(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana, administrator of the office
	ctx := context.Background()
	main := b.seedThings(t, "kestrel", "26-0001-KST")
	main.office = storage.DefaultOfficeID
	// Beside seedThings' things: a signed form to verify, a message
	// answered by phone (to take back), mail on a closed claim.
	b.addDocument(t, main.claim, docSeed{Filename: "kestrel-cos.pdf", ContentType: "application/pdf",
		DocType: "cos", Folder: "contracts", Data: []byte("%PDF-1.4 kestrel cos")})
	acked, minutes := b.clock.Now().Add(-time.Minute), 3
	answered := b.addMessage(t, msgSeed{Subject: "kestrel called", ClaimID: main.claim, Status: storage.StatusFiled,
		NeedsAck: true, Acked: &acked, AckSource: "manual", AckMinutes: &minutes})
	closed := b.addClaim(t, claimSeed{Job: "26-0003-KST", Insured: "kestrel Closed", Status: "closed"})
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET closed_at = $2 WHERE id = $1`, closed, b.clock.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	b.addMessage(t, msgSeed{Subject: "kestrel after close", ClaimID: closed, Status: storage.StatusFiled})
	// A dumpster waiting for the carrier's approval, whose request can be
	// written (the claim has an adjuster's address, sending is not set up),
	// swapped once: a haul to remove, and more to log.
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET adjuster_name = 'Pat Lee', adjuster_email = 'pat@carrier.example' WHERE id = $1`, main.claim); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `WITH e AS (INSERT INTO equipment (claim_id, office_id, kind, count, placed_at, approval, approval_at)
		VALUES ($1, 1, 'dumpster', 1, $2, 'requested', $2) RETURNING id)
		INSERT INTO equipment_hauls (equipment_id, hauled_at) SELECT id, $2::timestamptz + interval '1 day' FROM e`,
		main.claim, b.clock.Now().Add(-72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	main.user = rita.ID
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	feed := strings.TrimPrefix(reader.makeFeed(t), b.ts.URL)

	refusing := func(pattern string) bool { return pattern != "" && !personalRoutes[pattern] }
	offered := map[string][]pageForm{} // by page: what dana is offered that rita would be refused
	var pages []string
	for _, r := range b.srv.routes {
		method, _, _ := strings.Cut(r.pattern, " ")
		if r.access != page || method != http.MethodGet || r.pattern == "GET /events" {
			continue
		}
		path := main.fill(isolationCases[r.pattern].path, feed)
		resp, body := b.do(t, b.c, "GET", path, nil, nil)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		pages = append(pages, r.pattern)
		for _, f := range postForms(t, body) {
			if refusing(b.routeOf(t, http.MethodPost, f.action)) {
				offered[r.pattern] = append(offered[r.pattern], f)
			}
		}

		t.Run(r.pattern, func(t *testing.T) {
			resp, body := reader.do(t, reader.c, "GET", path, nil, nil)
			if resp.StatusCode == http.StatusForbidden && composeRoutes[r.pattern] {
				return // a form to send, refused before typing
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s by a read-only member: %d\n%.300s", path, resp.StatusCode, body)
			}
			if n := strings.Count(body, `id="read-only-note"`); n != 1 && strings.Contains(body, "<main>") {
				t.Errorf("GET %s says %d times that the member reads only, want once", path, n)
			}
			for _, f := range postForms(t, body) {
				if p := b.routeOf(t, http.MethodPost, f.action); refusing(p) {
					t.Errorf("GET %s shows a read-only member a form to %s (%s), which refuses them", path, f.action, p)
				}
			}
			for _, href := range pageLinks(t, body) {
				if p := b.routeOf(t, http.MethodGet, href); composeRoutes[p] {
					t.Errorf("GET %s links a read-only member to %s (%s), which refuses them", path, href, p)
				}
			}
			for _, f := range offered[r.pattern] {
				f.fields.Set("csrf_token", reader.csrf)
				before := b.fingerprint(t, main)
				resp, body := reader.do(t, reader.c, "POST", f.action, f.fields, nil)
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("POST %s by a read-only member: %d, want 403\n%.300s", f.action, resp.StatusCode, body)
				}
				if b.fingerprint(t, main) != before {
					t.Errorf("POST %s by a read-only member changed things", f.action)
				}
			}
		})
	}
	// The pages walked offer an administrator their forms: else the walk
	// proves nothing.
	for _, p := range []string{"GET /{$}", "GET /claims/{id}", "GET /messages/{id}", "GET /triage"} {
		if !slices.Contains(pages, p) || len(offered[p]) == 0 {
			t.Errorf("%s offers an administrator no form: %v", p, pages)
		}
	}
	if page := b.get(t, fmt.Sprintf("/messages/%d", answered), http.StatusOK); !strings.Contains(page, "/unacknowledge") {
		t.Errorf("an administrator is not offered to take back an answer by phone")
	}
	if board := b.get(t, "/", http.StatusOK); !strings.Contains(board, `value="seen on a closed claim"`) {
		t.Errorf("an administrator is not offered to mark mail on a closed claim as needing no answer")
	}
}
