package storage_test

import (
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// fullSearchVector is a message's search vector made from scratch from its
// subject, sender and body, as every write of them once made it.
const fullSearchVector = `
	claimdesk_search_words(subject, 'A') || claimdesk_search_words(from_name || ' ' || from_address, 'B')
	|| claimdesk_search_words(claimdesk_message_text(body_text, body_html), 'C')`

// vectorIsFull reports whether message id's stored search vector is the
// one made from scratch, positions and weights included.
func (b *searchBundle) vectorIsFull(t *testing.T, id int64) bool {
	t.Helper()
	var same bool
	err := storage.PoolOf(b.db).QueryRow(t.Context(),
		`SELECT search_vector::text = (`+fullSearchVector+`)::text FROM messages WHERE id = $1`, id).Scan(&same)
	if err != nil {
		t.Fatal(err)
	}
	return same
}

// vectorHas reports whether message id's stored search vector holds word.
func (b *searchBundle) vectorHas(t *testing.T, id int64, word string) bool {
	t.Helper()
	var has bool
	err := storage.PoolOf(b.db).QueryRow(t.Context(),
		`SELECT search_vector @@ to_tsquery('simple', $2) FROM messages WHERE id = $1`, id, word).Scan(&has)
	if err != nil {
		t.Fatal(err)
	}
	return has
}

func (b *searchBundle) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := storage.PoolOf(b.db).Exec(t.Context(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

// The subject and sender are indexed when they are written, the body when
// it is: parsing, which writes the body, reuses the stored words of the
// subject and sender, and writing the same text again indexes nothing. The
// stored words are replaced by marker words below to see which parts were
// made again.
func TestMessageSearchWordsMadeOncePerPart(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	id := b.mail(t, "Moisture readings 26-1042-W", "") // stored at import, parsed later
	if !b.vectorIsFull(t, id) {
		t.Fatal("imported message: search vector differs from its subject's and sender's words")
	}

	b.exec(t, `UPDATE messages SET header_search_vector = 'headermarker:1A' WHERE id = $1`, id)
	parsed := storage.ParsedMessage{BodyText: "The dehumidifiers stay two more days."}
	if err := b.db.SaveParsed(t.Context(), id, parsed); err != nil {
		t.Fatal(err)
	}
	if !b.vectorHas(t, id, "headermarker") || !b.vectorHas(t, id, "dehumidifiers") {
		t.Fatal("parsed message: subject and sender indexed again, or body not indexed")
	}

	// As a row stored before the subject's words were kept: made again.
	b.exec(t, `UPDATE messages SET header_search_vector = NULL, body_text = 'Readings are down.' WHERE id = $1`, id)
	if !b.vectorIsFull(t, id) {
		t.Fatal("row without stored subject words: search vector is not its text's")
	}

	// The same text written again, as a retried parse does.
	b.exec(t, `UPDATE messages SET search_vector = 'vectormarker:1A' WHERE id = $1`, id)
	if err := b.db.SaveParsed(t.Context(), id, storage.ParsedMessage{BodyText: "Readings are down."}); err != nil {
		t.Fatal(err)
	}
	if !b.vectorHas(t, id, "vectormarker") {
		t.Fatal("same text written again: indexed again")
	}

	b.exec(t, `UPDATE messages SET subject = 'Drying log day 3' WHERE id = $1`, id)
	if !b.vectorIsFull(t, id) || !b.vectorHas(t, id, "drying") || b.vectorHas(t, id, "moisture") {
		t.Fatal("new subject: search vector is not the new text's")
	}
}
