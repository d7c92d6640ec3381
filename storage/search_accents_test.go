package storage_test

import (
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// mailFrom stores a message of the claim from a sender named name, a
// minute after the last.
func (b *searchBundle) mailFrom(t *testing.T, name, subject, body string) int64 {
	t.Helper()
	id := b.mail(t, subject, body)
	b.exec(t, `UPDATE messages SET from_name = $2 WHERE id = $1`, id, name)
	return id
}

// TestSearchFindsMailWithOrWithoutAccents searches mail and documents for
// names written with accents, as Spanish and Vietnamese names are, typed
// with their accents or without: each finds the text written either way,
// in a sender's name, a subject (a file name in it too), a body (its
// accents precomposed or combining), a file name and a PDF's text; a
// phrase of folded and plain words is still a phrase, and an excluded word
// excludes it written either way.
func TestSearchFindsMailWithOrWithoutAccents(t *testing.T) {
	t.Parallel()
	b := setupSearch(t)
	fromTomas := b.mailFrom(t, "Tomás Peña", "Photos of the kitchen", "See attached.")
	subject := b.mail(t, "Water in the baño at the Peña home", "The ceiling stain came back.")
	body := b.mail(t, "Visit Thursday", "Chị Trần Thị Nguyễn called about the stain; Tomás will bring the dehumidifier.")
	plain := b.mail(t, "Call Maria Pena", "Maria Pena asked when the dehumidifier goes.")
	combining := b.mail(t, "ATP signed", "Luis Pen\u0303a signed the ATP.") // ñ as n and a combining tilde
	quotes := b.mail(t, "Pickup", "We\u2019ll pick up the air movers \u201cFriday\u201d.\u00a0Thanks")
	doc := b.pdf(t, "Estimación_Peña.pdf", "ESTIMACIÓN\nReparación del baño para la señora Peña")
	var attached int64 // the message that brought the PDF, whose subject names it
	err := storage.PoolOf(b.db).QueryRow(t.Context(), `SELECT id FROM messages WHERE subject = 'Attached: Estimación_Peña.pdf'`).Scan(&attached)
	if err != nil {
		t.Fatal(err)
	}
	pena := []string{key("message", fromTomas), key("message", subject), key("message", plain),
		key("message", combining), key("message", attached), key("document", doc.ID)}

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"Tomas", []string{key("message", fromTomas), key("message", body)}},
		{"Tomás", []string{key("message", fromTomas), key("message", body)}},
		{"tomas pena", []string{key("message", fromTomas)}},
		{`"Tomas Pena"`, []string{key("message", fromTomas)}},
		{`"Tomas will bring"`, []string{key("message", body)}},
		{"Pena", pena},
		{"Peña", pena},
		{"PEÑA", pena},
		{"Pen\u0303a signed", []string{key("message", combining)}},
		{`"Maria Peña"`, []string{key("message", plain)}},
		{`"senora pena"`, []string{key("document", doc.ID)}},
		{"estimacion", []string{key("message", attached), key("document", doc.ID)}},
		{"reparacion bano", []string{key("document", doc.ID)}},
		{"bano", []string{key("message", subject), key("document", doc.ID)}},
		{"Nguyen", []string{key("message", body)}},
		{"nguyễn tran", []string{key("message", body)}},
		{"dehumidifier -Peña", []string{key("message", body)}},
		{"dehumidifier -Pena", []string{key("message", body)}},
		{"pick Friday", []string{key("message", quotes)}},
		{"Tomas Friday", nil},
	} {
		got := hitIDs(b.search(t, tc.query))
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: hits %v, want %v", tc.query, got, tc.want)
		}
	}

	// The words typed with their accents are marked as typed.
	hits := b.search(t, "Peña")
	for _, h := range hits {
		if h.Kind == storage.SearchKindMessage && h.ID == subject {
			if got := matches(h.Title); !slices.Equal(got, []string{"peña"}) {
				t.Errorf("title marks %v in %q", got, h.Title.String())
			}
		}
	}
}
