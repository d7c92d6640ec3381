package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is bcrypt's work factor: about a quarter second a guess on a
// current server core.
const bcryptCost = 12

// HashPassword returns the bcrypt hash stored for a user's password.
func HashPassword(password string) (string, error) {
	if len(password) < 10 {
		return "", errors.New("password too short: use at least 10 characters")
	}
	if len(password) > 72 {
		return "", errors.New("password too long: bcrypt uses at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	return string(h), err
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// GeneratePassword returns a random password of 26 characters (128 bits,
// base32: letters and digits only, easy to type).
func GeneratePassword() string { return rand.Text() }

// decoyHash is a bcrypt hash, at bcryptCost, of a password nobody knows.
// A sign-in for an unknown email is checked against it, so that it takes as
// long as a wrong password for a real user and timing does not tell which
// emails have accounts.
const decoyHash = "$2a$12$usHCzdb2un1waE0dGWmzKuSjBTWz3YvBaxUKKPSpmqw58ZbKl.C6i"

// passwordChecker runs the sign-in page's bcrypt comparisons, a few at a
// time: each takes a core for a quarter second, and a burst of sign-ins
// (or guesses, from addresses the limits have not met yet) must not take
// every core from the pipeline and the pages.
type passwordChecker struct {
	slots chan struct{}
	// compare is the comparison itself; tests count calls through it.
	compare func(hash, password string) bool
	waiting atomic.Int64 // checks queued for a slot
}

func newPasswordChecker(concurrent int) *passwordChecker {
	return &passwordChecker{slots: make(chan struct{}, max(1, concurrent)), compare: CheckPassword}
}

// defaultPasswordChecks is how many comparisons run at once: half the
// cores, so that the rest keep serving.
func defaultPasswordChecks() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// check reports whether password matches hash, once a slot is free or ctx
// ends.
func (c *passwordChecker) check(ctx context.Context, hash, password string) (bool, error) {
	c.waiting.Add(1)
	select {
	case c.slots <- struct{}{}:
		c.waiting.Add(-1)
	case <-ctx.Done():
		c.waiting.Add(-1)
		return false, fmt.Errorf("wait to check a password: %w", ctx.Err())
	}
	defer func() { <-c.slots }()
	return c.compare(hash, password), nil
}
