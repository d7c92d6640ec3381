package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/claimdesk/claimdesk/equipmentlog"
	"github.com/claimdesk/claimdesk/storage"
)

// httpError is an error whose status and message the client may see.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// badRequest is a client's mistake, explained to it.
func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

var (
	errCSRF = &httpError{status: http.StatusForbidden,
		msg: "this form has expired or did not come from claimdesk: reload the page and try again"}
	errCrossOrigin = &httpError{status: http.StatusForbidden,
		msg: "request refused: it came from another site"}
	errNotFound = &httpError{status: http.StatusNotFound, msg: "not found"}
)

// statusOf maps an error to the status and message the client sees: the
// one place where storage's errors become HTTP. Anything unexpected is a
// 500 whose details stay in the log.
func statusOf(err error) (int, string) {
	var he *httpError
	var refusal *equipmentlog.Refusal
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.As(err, &refusal):
		return http.StatusBadRequest, refusal.Reason
	case errors.Is(err, storage.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, storage.ErrConflict):
		return http.StatusConflict, "conflict: it already exists or was changed meanwhile"
	case errors.Is(err, storage.ErrInvalid):
		return http.StatusBadRequest, err.Error()
	case storage.IsInvalidText(err):
		return http.StatusBadRequest, "text must be valid UTF-8 without NUL characters"
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer.
		return 499, "request canceled"
	default:
		return http.StatusInternalServerError, "internal error"
	}
}

// fail answers a request with err: JSON for the API, a page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	s.render(w, r, status, "error", pageData{Title: http.StatusText(status), Data: errorView{Msg: msg, Back: formBack(r)}})
}

// errorView is what the error page says, and where a refused form leads
// back to so that it can be put right.
type errorView struct {
	Msg  string
	Back string // a local path; empty when there is none
}

// formBack is the page a refused form came from: its "next", when the
// form's body was read already. The body is never read here: the error may
// be that it was too large.
func formBack(r *http.Request) string {
	if r.Method != http.MethodPost || r.PostForm == nil {
		return ""
	}
	if next := r.PostForm.Get("next"); next != "" && safeNext(next) == next {
		return next
	}
	return ""
}

// isAPI reports whether r is for the REST API or a document download
// (which API clients fetch too): both answer in JSON.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") || isDownload(r.URL.Path)
}
