package secrets

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	k1, _ := GenerateKey()
	k2, _ := GenerateKey()
	box, err := NewBox(k1)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("client-secret-value")
	sealed, err := box.Seal(secret, "mailbox claims@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, secret) {
		t.Fatal("the sealed value contains the secret")
	}
	if got, err := box.Open(sealed, "mailbox claims@office.example"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("open: %q, %v", got, err)
	}
	if _, err := box.Open(sealed, "mailbox other@office.example"); err == nil {
		t.Fatal("a sealed value opened under another record's context")
	}
	other, _ := NewBox(k2)
	if _, err := other.Open(sealed, "mailbox claims@office.example"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("open under another key: %v, want ErrWrongKey", err)
	}
	rotated, _ := NewBox(k2, k1)
	resealed, err := rotated.Reseal(sealed, "mailbox claims@office.example")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := other.Open(resealed, "mailbox claims@office.example"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("open what was resealed under the new key: %q, %v", got, err)
	}
	if strings.Contains(box.String(), EncodeKey(k1)) {
		t.Fatal("the box prints its key")
	}
}

func TestLoadMakesDefaultKeyFileOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret.key")
	if _, _, err := Load(Source{DefaultFile: path}, false); err == nil {
		t.Fatal("loaded a key that does not exist without create")
	}
	b1, where, err := Load(Source{DefaultFile: path}, true)
	if err != nil || where != path {
		t.Fatalf("load: %v (from %q)", err, where)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	b2, _, err := Load(Source{DefaultFile: path}, true)
	if err != nil || b2.KeyID() != b1.KeyID() {
		t.Fatalf("second load: key %s, %v; want the same key %s", b2.KeyID(), err, b1.KeyID())
	}

	// A rotation that stopped before renaming its new key into place left
	// values sealed under the pending key: they still open.
	pending, _ := GenerateKey()
	if err := WriteKeyFile(path+PendingSuffix, pending); err != nil {
		t.Fatal(err)
	}
	pbox, _ := NewBox(pending)
	sealed, _ := pbox.Seal([]byte("x"), "c")
	b3, _, err := Load(Source{DefaultFile: path}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b3.Open(sealed, "c"); err != nil {
		t.Fatalf("open under the pending key: %v", err)
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	k, _ := GenerateKey()
	if got, err := ParseKey(" " + EncodeKey(k) + "\n"); err != nil || !bytes.Equal(got, k) {
		t.Fatalf("parse: %v", err)
	}
	for _, bad := range []string{"", "not base64!", EncodeKey(k[:16])} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}
