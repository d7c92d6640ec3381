package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// A submission that records something (a haul, a reminder marked sent)
// records it once however often it is sent: a form carries a one-time
// key of its own (formKey, in the field idempotency_key), made anew each
// time the page is shown, and an API caller may send one in the
// Idempotency-Key header. Sent again with its key, the submission answers
// what it recorded the first time; the key sent with a different ask
// (askDigest) is refused.

// formKey is a new form's one-time key.
func formKey() string { return rand.Text() }

// maxRequestKey bounds a submission's key, as Idempotency-Key is commonly
// bounded.
const maxRequestKey = 255

// checkRequestKey refuses a key that is not 1 to 255 visible ASCII
// characters; empty is no key.
func checkRequestKey(key string) error {
	if len(key) > maxRequestKey || strings.ContainsFunc(key, func(r rune) bool { return r < '!' || r > '~' }) {
		return badRequest("Idempotency-Key: want up to %d visible ASCII characters (a UUID, say)", maxRequestKey)
	}
	return nil
}

// askDigest sums up what a submission asks, its time as given (nil: now)
// and its fields, to tell a submission repeated from a different one sent
// with the same key.
func askDigest(at *time.Time, fields ...string) string {
	t := ""
	if at != nil {
		t = at.UTC().Format(time.RFC3339Nano)
	}
	sum := sha256.Sum256([]byte(t + "\x00" + strings.Join(fields, "\x00")))
	return hex.EncodeToString(sum[:])
}

// markReplayed tells an API caller that its Idempotency-Key's submission
// was recorded before and nothing was recorded now.
func markReplayed(w http.ResponseWriter, repeated bool) {
	if repeated {
		w.Header().Set("Idempotent-Replayed", "true")
	}
}
