package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateMovesBrowseKeysIntoOfficeFolders(t *testing.T) {
	c := newCLI(t)
	if code, out, errOut := c.run("", "migrate"); code != 0 {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A claim folder as claimdesk wrote it before offices had folders.
	blobs := filepath.Join(c.env["CLAIMDESK_DATA_DIR"], "blobs")
	content := []byte("%PDF the signed ATP")
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	for _, key := range []string{"sha256/" + sha[:2] + "/" + sha[2:4] + "/" + sha, "claims/26-1001-WTR/Contracts/2026-03-02_ATP.pdf"} {
		path := filepath.Join(blobs, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	_, err := c.sql().Exec(ctx, `
		WITH c AS (INSERT INTO claims (job_number, office_id) VALUES ('26-1001-WTR', 1) RETURNING id, office_id)
		INSERT INTO documents (claim_id, sha256, size, filename, doc_type, folder, browse_key, received_at, office_id)
		SELECT id, $1, $2, 'ATP.pdf', 'atp', 'Contracts', 'claims/26-1001-WTR/Contracts/2026-03-02_ATP.pdf', now(), office_id FROM c`,
		sha, len(content))
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := c.run("", "migrate")
	if code != 0 || !strings.Contains(out, "moved 1 browse keys into their offices' folders") {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(blobs, "offices/main/claims/26-1001-WTR/Contracts/2026-03-02_ATP.pdf"))
	if err != nil || string(got) != string(content) {
		t.Errorf("new folder holds %q (%v)", got, err)
	}
	if _, err := os.Stat(filepath.Join(blobs, "claims/26-1001-WTR/Contracts/2026-03-02_ATP.pdf")); !os.IsNotExist(err) {
		t.Errorf("old file still there (%v)", err)
	}
	if code, out, _ := c.run("", "migrate"); code != 0 || strings.Contains(out, "moved") {
		t.Errorf("migrate again: exit %d, stdout %q", code, out)
	}
}
