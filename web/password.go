package web

import (
	"crypto/rand"
	"errors"

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
