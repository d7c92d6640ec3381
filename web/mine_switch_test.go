package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// mineSeed is an office two coordinators share: Dana's claim, Eli's, one
// nobody coordinates, each with a message waiting, and a message filed on
// no claim.
type mineSeed struct {
	danas, elis, nobodys int64
}

func (b *pageBundle) seedMine(t *testing.T) mineSeed {
	t.Helper()
	now := b.clock.Now()
	s := mineSeed{
		danas:   b.addClaim(t, claimSeed{Job: "26-1001-WTR", Insured: "Ellen Ripley"}),
		elis:    b.addClaim(t, claimSeed{Job: "26-1002-FIR", Insured: "Dwayne Hicks"}),
		nobodys: b.addClaim(t, claimSeed{Job: "26-1003-MLD", Insured: "Lance Bishop"}),
	}
	// Dana's address as someone typed it; Dana is also the foreman of
	// Eli's claim, which does not make it hers.
	for _, p := range []struct {
		claim             int64
		role, name, email string
	}{
		{s.danas, "coordinator", "Dana Scully", "Dana@Office.example"},
		{s.elis, "coordinator", "Eli Wong", "eli@office.example"},
		{s.elis, "foreman", "Dana Scully", "dana@office.example"},
	} {
		b.query(t, `INSERT INTO claim_participants (claim_id, role, name, email) VALUES ($1, $2, $3, $4) RETURNING id`,
			[]any{p.claim, p.role, p.name, p.email}, new(int64))
	}
	for _, m := range []struct {
		subject string
		claim   int64
	}{{"Ripley asks", s.danas}, {"Hicks asks", s.elis}, {"Bishop asks", s.nobodys}, {"Who is this for", 0}} {
		b.addMessage(t, msgSeed{Subject: m.subject, ClaimID: m.claim, NeedsAck: true, Arrived: now.Add(-time.Hour),
			Due: ptr(now.Add(-30 * time.Minute))})
	}
	return s
}

// TestMineView: a coordinator who chooses "Mine" sees, on the claims list,
// the morning page and the board, the claims whose coordinator has their
// address (in any case), the mail waiting on them and the mail filed on no
// claim; the choice lasts until they choose "All claims". Someone who
// coordinates no open claim is not offered the toggle.
func TestMineView(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMine(t)
	jobs := func(body string) []string {
		var out []string
		for _, job := range []string{"26-1001-WTR", "26-1002-FIR", "26-1003-MLD"} {
			if strings.Contains(body, job) {
				out = append(out, job)
			}
		}
		return out
	}
	all := []string{"26-1001-WTR", "26-1002-FIR", "26-1003-MLD"}
	claims := b.get(t, "/claims", http.StatusOK)
	if !strings.Contains(claims, `action="/mine"`) || !strings.Contains(claims, `value="mine" aria-pressed="false"`) {
		t.Errorf("the claims list offers no “Mine” to a coordinator:\n%s", claims)
	}
	if got := jobs(claims); !slices.Equal(got, all) {
		t.Errorf("all claims: %v, want %v", got, all)
	}

	resp, _ := b.post(t, "/mine", url.Values{"show": {"mine"}, "next": {"/claims?status=all"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/claims?status=all" {
		t.Fatalf("choosing Mine: %d to %q, want back to the claims list", resp.StatusCode, resp.Header.Get("Location"))
	}
	claims = b.get(t, "/claims", http.StatusOK)
	if got := jobs(claims); !slices.Equal(got, []string{"26-1001-WTR"}) {
		t.Errorf("my claims: %v, want Dana's alone", got)
	}
	if !strings.Contains(claims, `value="mine" aria-pressed="true"`) {
		t.Error("the claims list does not show Mine as chosen")
	}
	if got := jobs(b.get(t, "/morning", http.StatusOK)); !slices.Equal(got, []string{"26-1001-WTR"}) {
		t.Errorf("my morning page: %v, want Dana's claim alone", got)
	}
	board := b.get(t, "/", http.StatusOK)
	for _, want := range []string{"Ripley asks", "Who is this for", "Triage and today’s answers are everyone’s"} {
		if !strings.Contains(board, want) {
			t.Errorf("my board lacks %q", want)
		}
	}
	for _, other := range []string{"Hicks asks", "Bishop asks"} {
		if strings.Contains(board, other) || strings.Contains(b.get(t, "/board", http.StatusOK), other) {
			t.Errorf("my board shows %q, of a claim not mine", other)
		}
	}

	b.post(t, "/mine", url.Values{"show": {"all"}, "next": {"/claims"}})
	if got := jobs(b.get(t, "/claims", http.StatusOK)); !slices.Equal(got, all) {
		t.Errorf("all claims again: %v, want %v", got, all)
	}
	if board := b.get(t, "/", http.StatusOK); !strings.Contains(board, "Hicks asks") {
		t.Error("the whole board does not show Eli's claim's mail")
	}
	if resp, _ := b.post(t, "/mine", url.Values{"show": {"everything"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("show=everything: %d, want 400", resp.StatusCode)
	}

	// Fay coordinates nothing: "Mine" would be an empty page.
	b.addUser(t, "fay@office.example", "correct horse battery")
	fay := b.client(t)
	b.login(t, fay, "fay@office.example", "correct horse battery")
	if _, body := b.do(t, fay, "GET", "/claims", nil, nil); strings.Contains(body, `action="/mine"`) {
		t.Error("the claims list offers Mine to someone who coordinates no claim")
	}
}

// TestAPIClaimsByCoordinator: GET /api/claims and /api/sla take
// ?coordinator=me (the token's maker) or an address, and refuse "me" from
// a token made for no person.
func TestAPIClaimsByCoordinator(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	s := b.seedMine(t)
	dana, err := b.db.GetUserByEmail(context.Background(), b.email)
	if err != nil {
		t.Fatal(err)
	}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "dana's script", hash, dana.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	get := func(token, path string, want int, into any) {
		t.Helper()
		resp, body := b.do(t, http.DefaultClient, "GET", path, nil, http.Header{"Authorization": {"Bearer " + token}})
		if resp.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
		}
		if into != nil {
			if err := json.Unmarshal([]byte(body), into); err != nil {
				t.Fatal(err)
			}
		}
	}
	ids := func(path string) []int64 {
		var page struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		get(token, path, http.StatusOK, &page)
		var out []int64
		for _, c := range page.Items {
			out = append(out, c.ID)
		}
		return out
	}
	for path, want := range map[string][]int64{
		"/api/claims?coordinator=me":                    {s.danas},
		"/api/claims?coordinator=ELI@office.example":    {s.elis},
		"/api/claims?coordinator=nobody@office.example": nil,
		"/api/claims?coordinator=me&sort=attention":     {s.danas},
		"/api/claims": {s.nobodys, s.elis, s.danas},
	} {
		if got := ids(path); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	get(b.apiToken(t), "/api/claims?coordinator=me", http.StatusBadRequest, nil)
	get(token, "/api/claims?coordinator=dana", http.StatusBadRequest, nil)

	var board struct {
		Waiting []struct {
			Subject string `json:"subject"`
		} `json:"waiting"`
		WaitingTotal int `json:"waiting_total"`
	}
	get(token, "/api/sla?coordinator=me", http.StatusOK, &board)
	var subjects []string
	for _, m := range board.Waiting {
		subjects = append(subjects, m.Subject)
	}
	slices.Sort(subjects)
	if want := []string{"Ripley asks", "Who is this for"}; !slices.Equal(subjects, want) || board.WaitingTotal != 2 {
		t.Errorf("my board's waiting mail: %q of %d, want %q", subjects, board.WaitingTotal, want)
	}
	get(token, "/api/sla", http.StatusOK, &board)
	if board.WaitingTotal != 4 {
		t.Errorf("the whole board's waiting mail: %d, want 4", board.WaitingTotal)
	}
}

// TestMineBelongsToWhoChoseIt: on a computer the office shares, Dana
// chooses "Mine" and signs out; Eli, signing in on the same browser, sees
// every claim, and Dana, back, finds her own choice.
func TestMineBelongsToWhoChoseIt(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMine(t)
	b.addUser(t, "eli@office.example", "eli battery staple")
	mine := []string{"26-1001-WTR"}
	jobs := func(path string) []string {
		body := b.get(t, path, http.StatusOK)
		var out []string
		for _, job := range []string{"26-1001-WTR", "26-1002-FIR", "26-1003-MLD"} {
			if strings.Contains(body, job) {
				out = append(out, job)
			}
		}
		return out
	}
	listed := func() []string { return jobs("/claims") }
	b.post(t, "/mine", url.Values{"show": {"mine"}, "next": {"/claims"}})
	if got := listed(); !slices.Equal(got, mine) {
		t.Fatalf("Dana's Mine: %v, want %v", got, mine)
	}
	signInAs := func(email, password string) {
		t.Helper()
		if resp, _ := b.post(t, "/logout", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out: %d", resp.StatusCode)
		}
		b.csrf = b.login(t, b.c, email, password)
	}
	signInAs("eli@office.example", "eli battery staple")
	if got := listed(); len(got) != 3 {
		t.Errorf("Eli, signed in after Dana on her browser, sees %v: want every claim", got)
	}
	if page := b.get(t, "/claims", http.StatusOK); !strings.Contains(page, `value="mine" aria-pressed="false"`) {
		t.Error("Eli's list says Mine is chosen")
	}
	if got := jobs("/morning"); len(got) != 3 {
		t.Errorf("Eli's morning page: %v, want every claim", got)
	}
	signInAs(b.email, "correct horse battery")
	if got := listed(); !slices.Equal(got, mine) {
		t.Errorf("Dana back: %v, want her Mine, %v", got, mine)
	}
}

// exportLinkRe finds the claims list's export links.
var exportLinkRe = regexp.MustCompile(`href="(/api/claims\.(csv|xlsx)\?[^"]*)"`)

// TestClaimsExportsFollowMine: with "Mine" chosen, the claims list's CSV
// and Excel links export the claims the list shows, Dana's alone; with
// every claim chosen, every claim. A script asks the same with
// ?coordinator=.
func TestClaimsExportsFollowMine(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	b.seedMine(t)
	exported := func(path string) []string {
		t.Helper()
		resp, body := b.do(t, b.c, "GET", path, nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%.300s", path, resp.StatusCode, body)
		}
		var rows [][]string
		if strings.Contains(path, ".xlsx") {
			f, err := excelize.OpenReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if rows, err = f.GetRows(claimsSheet); err != nil {
				t.Fatal(err)
			}
		} else {
			var err error
			if rows, err = csv.NewReader(strings.NewReader(body)).ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
		job := slices.Index(rows[0], "job_number")
		var jobs []string
		for _, row := range rows[1:] {
			jobs = append(jobs, row[job])
		}
		slices.Sort(jobs)
		return jobs
	}
	links := func() []string {
		var out []string
		for _, m := range exportLinkRe.FindAllStringSubmatch(b.get(t, "/claims?status=open", http.StatusOK), -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		if len(out) != 2 {
			t.Fatalf("the claims list links %d exports, want CSV and Excel", len(out))
		}
		return out
	}
	all := []string{"26-1001-WTR", "26-1002-FIR", "26-1003-MLD"}
	for _, link := range links() {
		if got := exported(link); !slices.Equal(got, all) {
			t.Errorf("%s with every claim shown: %v, want %v", link, got, all)
		}
	}
	b.post(t, "/mine", url.Values{"show": {"mine"}, "next": {"/claims"}})
	for _, link := range links() {
		if got := exported(link); !slices.Equal(got, []string{"26-1001-WTR"}) {
			t.Errorf("%s with Mine shown: %v, want Dana's claim alone", link, got)
		}
	}
	// The API reads no cookie: without ?coordinator= it exports every claim.
	if got := exported("/api/claims.csv?status=open"); !slices.Equal(got, all) {
		t.Errorf("the export without ?coordinator=: %v, want %v", got, all)
	}
	if got := exported("/api/claims.csv?coordinator=eli@office.example"); !slices.Equal(got, []string{"26-1002-FIR"}) {
		t.Errorf("the export of Eli's claims: %v, want his alone", got)
	}
	if resp, _ := b.do(t, b.c, "GET", "/api/claims.xlsx?coordinator=eli", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("coordinator=eli: %d, want 400", resp.StatusCode)
	}
}
