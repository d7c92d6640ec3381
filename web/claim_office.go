package web

import (
	"net/http"

	"github.com/claimdesk/claimdesk/storage"
)

// officeForNewClaim returns the office a claim the caller makes goes to:
// the office asked for (0: none), which they must be allowed to change, or
// else the one office they may change, the default office for an
// operator's token.
func officeForNewClaim(sc scope, asked int64) (int64, error) {
	if asked != 0 {
		if !sc.canSee(asked) {
			return 0, &httpError{status: http.StatusNotFound, msg: "office_id: no such office"}
		}
		if !sc.canAct(asked) {
			return 0, errReadOnly
		}
		return asked, nil
	}
	if sc.all {
		return storage.DefaultOfficeID, nil
	}
	var acting []int64
	for office := range sc.roles {
		if sc.canAct(office) {
			acting = append(acting, office)
		}
	}
	switch len(acting) {
	case 0:
		return 0, errReadOnly
	case 1:
		return acting[0], nil
	}
	return 0, badRequest("office_id: you work for several offices; say which office the claim is for (GET /api/offices lists them)")
}
