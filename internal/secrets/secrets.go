// Package secrets seals the credentials claimdesk keeps in its database
// (mailbox passwords, client secrets, private keys, refresh tokens) with
// AES-256-GCM under a key kept outside the database, so that a copy of the
// database alone gives none of them away.
package secrets

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the key length: AES-256.
const KeySize = 32

// magic starts every sealed value, naming the format.
var magic = []byte("cds1")

const keyIDSize = 8

// ErrWrongKey means a value was sealed under a key this Box does not hold.
var ErrWrongKey = errors.New("sealed under another secret key")

// Box seals under its current key and opens what any of its keys sealed.
type Box struct {
	current string // key id
	aeads   map[string]cipher.AEAD
}

// NewBox seals under current; older keys (from an interrupted rotation)
// only open.
func NewBox(current []byte, older ...[]byte) (*Box, error) {
	b := &Box{aeads: map[string]cipher.AEAD{}}
	for i, k := range append([][]byte{current}, older...) {
		if len(k) != KeySize {
			return nil, fmt.Errorf("secret key: %d bytes, want %d", len(k), KeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := keyID(k)
		if i == 0 {
			b.current = id
		}
		b.aeads[id] = aead
	}
	return b, nil
}

func keyID(k []byte) string {
	sum := sha256.Sum256(append([]byte("claimdesk secret key id\x00"), k...))
	return string(sum[:keyIDSize])
}

// KeyID names the current key (a hash prefix; it reveals nothing of it).
func (b *Box) KeyID() string { return hex.EncodeToString([]byte(b.current)) }

// String keeps keys out of logs and error messages.
func (b *Box) String() string { return "secrets.Box(key " + b.KeyID() + ")" }

// Seal encrypts plaintext under the current key, bound to context (say,
// the mailbox's name), so a sealed value copied to another row does not
// open.
func (b *Box) Seal(plaintext []byte, context string) ([]byte, error) {
	aead := b.aeads[b.current]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	out := make([]byte, 0, len(magic)+keyIDSize+len(nonce)+len(plaintext)+aead.Overhead())
	out = append(out, magic...)
	out = append(out, b.current...)
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plaintext, []byte(context)), nil
}

// Open decrypts what Seal sealed with the same context.
func (b *Box) Open(sealed []byte, context string) ([]byte, error) {
	if !bytes.HasPrefix(sealed, magic) || len(sealed) < len(magic)+keyIDSize {
		return nil, errors.New("open secret: not a sealed value")
	}
	rest := sealed[len(magic):]
	id, rest := string(rest[:keyIDSize]), rest[keyIDSize:]
	aead, ok := b.aeads[id]
	if !ok {
		return nil, fmt.Errorf("open secret: %w (key %s; this claimdesk has key %s: is CLAIMDESK_SECRET_KEY or CLAIMDESK_SECRET_KEY_FILE the one the secret was saved with?)",
			ErrWrongKey, hex.EncodeToString([]byte(id)), b.KeyID())
	}
	if len(rest) < aead.NonceSize() {
		return nil, errors.New("open secret: truncated")
	}
	plain, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], []byte(context))
	if err != nil {
		return nil, errors.New("open secret: it was altered, or belongs to another record")
	}
	return plain, nil
}

// Reseal opens sealed and seals it again under the current key.
func (b *Box) Reseal(sealed []byte, context string) ([]byte, error) {
	plain, err := b.Open(sealed, context)
	if err != nil {
		return nil, err
	}
	return b.Seal(plain, context)
}

// GenerateKey returns a new random key.
func GenerateKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("generate secret key: %w", err)
	}
	return k, nil
}

// EncodeKey writes a key the way CLAIMDESK_SECRET_KEY and key files hold
// it: standard base64.
func EncodeKey(k []byte) string { return base64.StdEncoding.EncodeToString(k) }

// ParseKey reads a base64 key (standard or URL alphabet, padded or not).
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != KeySize {
				return nil, fmt.Errorf("want %d bytes in base64 (openssl rand -base64 32), got %d", KeySize, len(k))
			}
			return k, nil
		}
	}
	return nil, errors.New("not base64 (make one with: claimdesk secrets keygen)")
}
