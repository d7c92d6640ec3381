package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/claimdesk/claimdesk/storage"
)

func TestErrorsMapToStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err    error
		status int
		msg    string
	}{
		{fmt.Errorf("message 7: %w", storage.ErrNotFound), http.StatusNotFound, "not found"},
		{fmt.Errorf("user a@b: %w", storage.ErrConflict), http.StatusConflict, ""},
		{badRequest("limit: want %d", 5), http.StatusBadRequest, "limit: want 5"},
		{fmt.Errorf("wrapped: %w", errCSRF), http.StatusForbidden, errCSRF.msg},
		{fmt.Errorf("query: %w", context.Canceled), 499, ""},
		{errors.New("connection refused to 10.0.0.5"), http.StatusInternalServerError, "internal error"},
	} {
		status, msg := statusOf(tc.err)
		if status != tc.status || (tc.msg != "" && msg != tc.msg) {
			t.Errorf("%v: %d %q, want %d %q", tc.err, status, msg, tc.status, tc.msg)
		}
	}
}

// Unknown emails are checked against the decoy at the real cost, so they
// take as long as a wrong password.
func TestDecoyHashCostsAsMuchAsARealOne(t *testing.T) {
	t.Parallel()
	cost, err := bcrypt.Cost([]byte(decoyHash))
	if err != nil || cost != bcryptCost {
		t.Errorf("decoy hash cost %d (%v), want %d", cost, err, bcryptCost)
	}
}
