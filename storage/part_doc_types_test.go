package storage_test

import (
	"maps"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// TestSetPartDocTypes types the parts named, each its own way, and leaves
// the others as they were.
func TestSetPartDocTypes(t *testing.T) {
	t.Parallel()
	b := setupDocs(t)
	ctx := t.Context()
	m := b.message(t)
	var parts []storage.MessagePart
	for _, path := range []string{"2", "3", "4"} {
		parts = append(parts, storage.MessagePart{Path: path, ContentType: "image/jpeg", Filename: "scan" + path + ".jpg",
			IsAttachment: true, SHA256: sha("scan", len(parts)), Size: 3})
	}
	if err := b.db.SaveParsed(ctx, m, storage.ParsedMessage{Parts: parts}); err != nil {
		t.Fatal(err)
	}
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		return storage.SetPartDocTypes(ctx, tx, m, []storage.PartDocType{
			{Path: "2", DocType: "cos", Evidence: "ocr: certificate of satisfaction"},
			{Path: "4", DocType: "atp", Evidence: "ocr: authorization\x00"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := storage.PoolOf(b.db).Query(ctx, `SELECT part_path, doc_type || ' / ' || doc_type_evidence FROM message_parts WHERE message_id = $1`, m)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for rows.Next() {
		var path, typed string
		if err := rows.Scan(&path, &typed); err != nil {
			t.Fatal(err)
		}
		got[path] = typed
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"2": "cos / ocr: certificate of satisfaction", "3": " / ", "4": "atp / ocr: authorization"}
	if !maps.Equal(got, want) {
		t.Errorf("parts typed %v, want %v", got, want)
	}
}
