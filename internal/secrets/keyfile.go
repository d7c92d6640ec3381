package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Source says where the secret key comes from, in order: Key (from
// CLAIMDESK_SECRET_KEY), File (CLAIMDESK_SECRET_KEY_FILE), else
// DefaultFile in the data dir, which is made on first use.
type Source struct {
	Key         []byte
	File        string
	DefaultFile string
}

// PendingSuffix names the key file a rotation writes before it commits and
// renames over the old one; found at start, it means a rotation stopped
// between the two, and its key opens what the rotation resealed.
const PendingSuffix = ".new"

// Load returns a Box over the configured key and says where the key came
// from. With create, a missing default key file is made (0600).
func Load(src Source, create bool) (*Box, string, error) {
	switch {
	case src.Key != nil:
		b, err := NewBox(src.Key)
		return b, "CLAIMDESK_SECRET_KEY", err
	case src.File != "":
		k, err := ReadKeyFile(src.File)
		if err != nil {
			return nil, "", fmt.Errorf("CLAIMDESK_SECRET_KEY_FILE: %w", err)
		}
		b, err := NewBox(k)
		return b, src.File, err
	}
	k, err := ReadKeyFile(src.DefaultFile)
	if errors.Is(err, fs.ErrNotExist) && create {
		if k, err = GenerateKey(); err != nil {
			return nil, "", err
		}
		if err = WriteKeyFile(src.DefaultFile, k); errors.Is(err, fs.ErrExist) {
			// Another claimdesk made it first: use theirs.
			k, err = ReadKeyFile(src.DefaultFile)
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("secret key: %w", err)
	}
	var older [][]byte
	if pending, err := ReadKeyFile(src.DefaultFile + PendingSuffix); err == nil {
		older = append(older, pending)
	}
	b, err := NewBox(k, older...)
	return b, src.DefaultFile, err
}

// ReadKeyFile reads a base64 key from path.
func ReadKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// WriteKeyFile writes key to a new file at path, readable by its owner
// only, and flushes it to disk; it fails if path exists.
func WriteKeyFile(path string, key []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(EncodeKey(key) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
