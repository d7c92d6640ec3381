package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/claimdesk/claimdesk/internal/secrets"
)

func bindSecrets(fs *flag.FlagSet) runFunc {
	newKeyFile := fs.String("new-key-file", "", "rotate: file holding the new key (made when missing); default: a new key replaces <data dir>/secret.key")
	return func(ctx context.Context, e *env, args []string) error {
		if err := needAction(fs, args); err != nil {
			return err
		}
		switch strings.Join(args, " ") {
		case "keygen":
			k, err := secrets.GenerateKey()
			if err != nil {
				return err
			}
			// The key alone, for CLAIMDESK_SECRET_KEY or a key file.
			fmt.Fprintln(e.stdout, secrets.EncodeKey(k))
			return nil
		case "rotate":
			return rotateSecrets(ctx, e, *newKeyFile)
		}
		return fmt.Errorf("unknown action %q: want rotate or keygen", strings.Join(args, " "))
	}
}

// rotateSecrets seals every stored secret under a new key in one
// transaction. With the default key file, the new key is written beside it
// first and renamed over it after the commit; a stop in between leaves both
// files, and claimdesk opens secrets under either until the next rotation.
func rotateSecrets(ctx context.Context, e *env, newKeyFile string) error {
	src := e.cfg.SecretSource()
	old, where, err := secrets.Load(src, false)
	if err != nil {
		return fmt.Errorf("the current key: %w", err)
	}
	usesDefaultFile := src.Key == nil && src.File == ""
	pending := newKeyFile
	if pending == "" {
		if !usesDefaultFile {
			return fmt.Errorf("the key comes from %s: give the new one with --new-key-file (claimdesk secrets keygen makes one)", where)
		}
		pending = src.DefaultFile + secrets.PendingSuffix
	}
	newKey, err := secrets.ReadKeyFile(pending)
	if errors.Is(err, fs.ErrNotExist) {
		if newKey, err = secrets.GenerateKey(); err == nil {
			err = secrets.WriteKeyFile(pending, newKey)
		}
	}
	if err != nil {
		return fmt.Errorf("new key: %w", err)
	}
	// Opens under the old key (and a pending one), seals under the new.
	var oldKeys [][]byte
	if src.Key != nil {
		oldKeys = append(oldKeys, src.Key)
	} else if k, err := secrets.ReadKeyFile(where); err == nil {
		oldKeys = append(oldKeys, k)
	}
	box, err := secrets.NewBox(newKey, oldKeys...)
	if err != nil {
		return err
	}
	if box.KeyID() == old.KeyID() {
		return errors.New("the new key is the current one")
	}

	db, closeDB, err := openMigratedDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer closeDB()
	n, err := db.ResealMailboxSecrets(ctx, func(name string, sealed []byte) ([]byte, error) {
		return box.Reseal(sealed, secretContext(name))
	})
	if err != nil {
		return fmt.Errorf("nothing changed: %w", err)
	}
	if newKeyFile == "" {
		if err := os.Rename(pending, src.DefaultFile); err != nil {
			return fmt.Errorf("secrets are sealed under the key in %s, but it could not replace %s: %w", pending, src.DefaultFile, err)
		}
		fmt.Fprintf(e.stdout, "sealed %d mailbox secrets under a new key (%s), now in %s\n", n, box.KeyID(), src.DefaultFile)
		return nil
	}
	fmt.Fprintf(e.stdout, "sealed %d mailbox secrets under the key in %s (%s)\n", n, newKeyFile, box.KeyID())
	fmt.Fprintf(e.stdout, "now point claimdesk at it (CLAIMDESK_SECRET_KEY_FILE=%s, or its content in CLAIMDESK_SECRET_KEY) and restart it; the old key opens nothing any more\n", newKeyFile)
	return nil
}
