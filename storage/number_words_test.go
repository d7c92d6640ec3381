package storage_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/mailparse"
)

// boundedNumberWords is claimdesk_number_words as it was before it found
// runs of dashed words first: the bounded pattern run over every dashed
// word of the text. Its words are the reference.
const boundedNumberWords = `
CREATE FUNCTION pg_temp.bounded_number_words(doc text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    IF strpos(doc, '-') = 0 OR doc !~ '[0-9]' THEN
        RETURN ''::tsvector;
    END IF;
    RETURN (SELECT coalesce(array_to_tsvector(array_agg(DISTINCT w)), ''::tsvector)
            FROM (SELECT lower(replace(m[1], '-', '')) AS w
                  FROM unnest(string_to_array(translate(doc, E'\n\r\t', '   '), ' ')) AS t,
                       regexp_matches(t, '([[:alnum:]]{1,32}(-[[:alnum:]]{1,32}){1,6})', 'g') AS m
                  WHERE strpos(t, '-') > 0) AS words
            WHERE w ~ '[0-9]');
END;
$$`

// numberWordsEdges are texts at the bounded pattern's limits: parts of more
// than 32 characters, more than 7 parts, letters beyond ASCII, dashes
// doubled or at a word's ends.
var numberWordsEdges = []string{
	"CLM-2024-001 and 2024-01-05",
	"a-1-b-2-c-3-d-4-e-5-f-6-g-7-h-8-i-9",
	"k-1-l-2-m-3-n p-1-q-2-r-3-s-4",
	"1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
	strings.Repeat("a", 40) + "-1 x",
	"x-" + strings.Repeat("9", 33) + "-y",
	strings.Repeat("1", 32) + "-" + strings.Repeat("2", 32),
	strings.Repeat("1", 33) + "-" + strings.Repeat("2", 32) + "-" + strings.Repeat("3", 40) + "-4",
	strings.Repeat("ab1-", 20),
	"ÉTÉ-2024 straße-12 Ⅻ-3",
	"a--1 -1- 1- no digits-here",
	"26-1008-WTR/26-1009\tA1-B2_C3-D4\r\nPO-77",
}

// A text's number words are the same as the bounded pattern's over every
// dashed word: on every subject, sender, body and attachment name of the
// dev corpus, and at the pattern's limits.
func TestNumberWordsSameAsBoundedPattern(t *testing.T) {
	t.Parallel()
	texts := append(corpusSearchTexts(t), numberWordsEdges...)
	conn := boundedNumberWordsConn(t)
	rows, err := conn.Query(t.Context(), `
		SELECT t, claimdesk_number_words(t)::text, pg_temp.bounded_number_words(t)::text
		FROM unnest($1::text[]) AS t`, texts)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	withWords := 0
	for rows.Next() {
		var text, got, want string
		if err := rows.Scan(&text, &got, &want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("number words of %.200q:\n got %s\nwant %s", text, got, want)
		}
		if want != "" {
			withWords++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// the corpus is mail about numbered claims: most of it names one
	if withWords < len(texts)/10 {
		t.Fatalf("%d of %d texts have number words: not the corpus' texts", withWords, len(texts))
	}
}

// BenchmarkNumberWords indexes every text of the dev corpus (subjects,
// senders, bodies, attachment names) once an op: the number words alone,
// by dashed runs and by the bounded pattern, and all of a text's search
// words.
func BenchmarkNumberWords(b *testing.B) {
	texts := corpusSearchTexts(b)
	conn := boundedNumberWordsConn(b)
	for _, f := range []string{"claimdesk_number_words(t)", "pg_temp.bounded_number_words(t)", "claimdesk_search_words(t, 'A')"} {
		b.Run(f[:strings.Index(f, "(")], func(b *testing.B) {
			for b.Loop() {
				if _, err := conn.Exec(b.Context(), `SELECT count(`+f+`) FROM unnest($1::text[]) AS t`, texts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(texts)), "µs/text")
		})
	}
}

// boundedNumberWordsConn is a connection to a new database that has
// pg_temp.bounded_number_words.
func boundedNumberWordsConn(t testing.TB) *pgxpool.Conn {
	t.Helper()
	conn, err := testenv.SQL(t, testenv.Postgres(t)).Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	if _, err := conn.Exec(t.Context(), boundedNumberWords); err != nil {
		t.Fatal(err)
	}
	return conn
}

// corpusSearchTexts are the texts search indexes of the dev corpus' inbox:
// each message's subject, sender, bodies and attachment names.
func corpusSearchTexts(t testing.TB) []string {
	t.Helper()
	c := testenv.DevCorpus(t)
	var texts []string
	for _, m := range c.Truth.Messages {
		f, err := os.Open(filepath.Join(c.Dir, "inbox", m.File))
		if err != nil {
			t.Fatal(err)
		}
		p, err := mailparse.ParseMessage(t.Context(), f, discardSink{}, mailparse.ParseOptions{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", m.File, err)
		}
		texts = append(texts, p.Subject, p.From.Name+" "+p.From.Email, p.TextBody, p.HTMLBody)
		for _, pt := range p.Parts {
			texts = append(texts, strings.NewReplacer("_", " ", ".", " ").Replace(pt.Filename))
		}
	}
	return texts
}

// discardSink reads attachments and keeps nothing.
type discardSink struct{}

func (discardSink) PutAttachment(_ context.Context, r io.Reader) (string, int64, error) {
	n, err := io.Copy(io.Discard, r)
	return strings.Repeat("0", 64), n, err
}
