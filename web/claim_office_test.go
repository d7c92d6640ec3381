package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// TestNewClaimsGoToTheCallersOffice: a claim made through the API or a
// claims file is its maker's office's, and never touches or names another
// office's claim of the same numbers.
func TestNewClaimsGoToTheCallersOffice(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana: administrator of the default office
	ctx := context.Background()
	main := b.seedThings(t, "kestrel", "26-0001-KST")
	main.office = storage.DefaultOfficeID
	east, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	bob := b.addUser(t, "bob@east.example", "bob-password-1")
	if err := b.db.SetOfficeRole(ctx, bob.ID, east.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "bob-script", hash, bob.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	call := func(method, path, contentType, body string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, b.ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", contentType)
		return send(t, b.client(t), req)
	}
	officeOf := func(job string) int64 {
		t.Helper()
		var office int64
		b.query(t, `SELECT office_id FROM claims WHERE job_number = $1 AND office_id <> $2`, []any{job, main.office}, &office)
		return office
	}
	before := b.fingerprint(t, main)

	// The same job and claim numbers as the main office's claim: East's own.
	resp, body := call("POST", "/api/claims", "application/json",
		`{"job_number": "26-0001-KST", "claim_number": "KESTREL-4471", "insured_name": "East Insured"}`)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(body, fmt.Sprintf(`"office_id":%d`, east.ID)) {
		t.Errorf("East's claim with the main office's numbers: %d\n%s", resp.StatusCode, body)
	}
	resp, body = call("POST", "/api/claims/import", "text/csv",
		"job_number,claim_number,insured_name\n26-0001-KST,KESTREL-4471,East Renamed\n26-0009-EST,EAST-9,East Nine\n")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"created":1,"updated":1`) {
		t.Errorf("East's claims file: %d\n%s", resp.StatusCode, body)
	}
	if got := officeOf("26-0009-EST"); got != east.ID {
		t.Errorf("an imported claim is in office %d, want East's %d", got, east.ID)
	}
	if b.fingerprint(t, main) != before {
		t.Error("East's new claims changed the main office's claim of the same numbers")
	}

}

// TestNewClaimOfSeveralOffices: someone who may change several offices'
// claims says which office a new one is for; a read-only member may not
// make one.
func TestNewClaimOfSeveralOffices(t *testing.T) {
	t.Parallel()
	sc := scope{roles: map[int64]storage.Role{1: storage.RoleAdministrator, 2: storage.RoleCoordinator, 3: storage.RoleReadOnly}}
	if _, err := officeForNewClaim(sc, 0); !isStatus(err, http.StatusBadRequest) {
		t.Errorf("no office named by a member of two: %v, want 400", err)
	}
	if got, err := officeForNewClaim(sc, 2); got != 2 || err != nil {
		t.Errorf("office 2 named: %d %v", got, err)
	}
	if _, err := officeForNewClaim(sc, 3); !isStatus(err, http.StatusForbidden) {
		t.Errorf("a read-only office named: %v, want 403", err)
	}
	if _, err := officeForNewClaim(sc, 4); !isStatus(err, http.StatusNotFound) {
		t.Errorf("another office named: %v, want 404", err)
	}
	one := scope{roles: map[int64]storage.Role{2: storage.RoleCoordinator, 3: storage.RoleReadOnly}}
	if got, err := officeForNewClaim(one, 0); got != 2 || err != nil {
		t.Errorf("the one office a member may change: %d %v, want 2", got, err)
	}
	if got, err := officeForNewClaim(scope{all: true}, 0); got != storage.DefaultOfficeID || err != nil {
		t.Errorf("an operator's token: %d %v, want the default office", got, err)
	}
}

// isStatus reports whether err is answered with status.
func isStatus(err error, status int) bool {
	var he *httpError
	return errors.As(err, &he) && he.status == status
}
