package web

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// apiTokenPrefix marks claimdesk's API tokens, so that one pasted where it
// should not be (a chat, a repository) is recognisable and a scanner can
// find it.
const apiTokenPrefix = "cd_"

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewAPIToken returns a new API token and the hash to store in its place.
// The token is shown to its owner once and never kept.
func NewAPIToken() (token, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails: crypto/rand panics rather than return short
	token = apiTokenPrefix + strings.ToLower(tokenEncoding.EncodeToString(b))
	return token, hashToken(token)
}

// HashAPIToken returns the hash under which token is stored.
func HashAPIToken(token string) string { return hashToken(token) }

// looksLikeAPIToken reports whether s has the shape NewAPIToken gives, so
// that garbage is refused without a database round trip.
func looksLikeAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, apiTokenPrefix)
	if !ok || len(rest) != tokenEncoding.EncodedLen(32) {
		return false
	}
	_, err := tokenEncoding.DecodeString(strings.ToUpper(rest))
	return err == nil
}
