package web

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/storage"
)

// maxSearchChars bounds what may be searched for: a query is a few words
// or a number, not a pasted message.
const maxSearchChars = 200

// searchPageSize is how many hits a page of search results shows.
const searchPageSize = 25

// parseSearchQuery reads the search parameters q, limit and cursor.
// An empty q is no search.
func parseSearchQuery(v url.Values, limit int) (storage.SearchQuery, error) {
	q := storage.SearchQuery{Text: strings.TrimSpace(v.Get("q")), Limit: limit}
	if n := utf8.RuneCountInString(q.Text); n > maxSearchChars {
		return q, badRequest("q: at most %d characters, got %d", maxSearchChars, n)
	}
	var err error
	if q.Limit, err = limitParam(v, limit); err != nil {
		return q, err
	}
	if s := v.Get("cursor"); s != "" {
		c, err := decodeSearchCursor(s)
		if err != nil {
			return q, err
		}
		q.After = &c
	}
	return q, nil
}

// Search cursors hold rank, time, kind (one letter) and id.
var (
	searchKindCodes = map[string]byte{
		storage.SearchKindClaim: 'c', storage.SearchKindMessage: 'm', storage.SearchKindDocument: 'd',
	}
	searchCodeKinds = map[byte]string{
		'c': storage.SearchKindClaim, 'm': storage.SearchKindMessage, 'd': storage.SearchKindDocument,
	}
)

// encodeSearchCursor returns c as the opaque string clients pass back.
func encodeSearchCursor(c storage.SearchCursor) string {
	return storage.NewCursor().Float32(c.Rank).Time(c.At).Byte(searchKindCodes[c.Kind]).Int64(c.ID).String()
}

func decodeSearchCursor(s string) (storage.SearchCursor, error) {
	r := storage.ReadCursor(s)
	c := storage.SearchCursor{Rank: r.Float32(), At: r.Time(), Kind: searchCodeKinds[r.Byte()], ID: r.Int64()}
	if !r.Valid() || c.Kind == "" || c.ID <= 0 || math.IsNaN(float64(c.Rank)) {
		return storage.SearchCursor{}, errBadCursor
	}
	return c, nil
}

// searchItem is one search hit as the API and the page show it.
type searchItem struct {
	Kind        string  `json:"kind"` // claim, message or document
	ID          int64   `json:"id"`
	ClaimID     *int64  `json:"claim_id"`
	JobNumber   *string `json:"job_number"`
	ClaimNumber *string `json:"claim_number"`
	Title       string  `json:"title"`
	// Snippet is the matching passages as plain text; SnippetFragments
	// the same text cut where matches start and end. Neither is HTML.
	Snippet          string              `json:"snippet"`
	SnippetFragments storage.Highlighted `json:"snippet_fragments"`
	TitleFragments   storage.Highlighted `json:"-"`
	From             string              `json:"from,omitempty"`
	Folder           string              `json:"folder,omitempty"`
	DocType          string              `json:"doc_type,omitempty"`
	ReceivedAt       time.Time           `json:"received_at"`
	// Dated is what the page shows: a message's own date, which importing
	// old mail does not change (see storage.SearchHit).
	Dated time.Time `json:"-"`
	// URL is the dashboard page of the hit; DownloadURL a document's file.
	URL         string `json:"url"`
	DownloadURL string `json:"download_url,omitempty"`
	// View is where the page opens a document hit, as the claim page
	// does; nil for other hits.
	View *fileView `json:"-"`
	// Spellings are, for a claim found by close spellings of the words
	// typed, the words that found it; for mail or a document, the close
	// spellings of a name no claim holds that found it.
	Spellings []spellingItem `json:"spellings,omitempty"`
	// ClaimStatus is the state of the hit's claim, open or closed; empty
	// for mail in no claim. Overdue says the page knows something of the
	// claim is past its deadline.
	ClaimStatus string `json:"claim_status,omitempty"`
	Overdue     bool   `json:"-"`
	// InTriage says mail found waits in triage for its claim; Answer that
	// it waits for an answer: "waiting", or "overdue" past its deadline,
	// as messageItem.Waiting says.
	InTriage bool   `json:"-"`
	Answer   string `json:"-"`
	// Matched are the words typed that the hit holds: a claim's record's,
	// or those its title and snippet mark. None for a claim found by its
	// number.
	Matched []string `json:"matched,omitempty"`
	// MatchedStreet are the words typed that name a claim's street, a
	// name and the street type after it, whatever type its address writes;
	// MatchedTownOnly those of Matched only its town holds.
	MatchedStreet   []string `json:"matched_street,omitempty"`
	MatchedTownOnly []string `json:"matched_town_only,omitempty"`
}

// matchedWordsShown bounds the words a hit says it matched.
const matchedWordsShown = 8

// markedWords returns the words that fragments mark, in order, once each
// whatever their case or ending ("Dehumidifier", not "dehumidifiers"
// too).
func markedWords(fragments ...storage.Highlighted) []string {
	var out []string
	same := func(a, b string) bool {
		a, b = strings.ToLower(a), strings.ToLower(b)
		return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
	}
	for _, h := range fragments {
		for _, f := range h {
			w := strings.TrimSpace(f.Text)
			if f.Match && w != "" && len(out) < matchedWordsShown &&
				!slices.ContainsFunc(out, func(o string) bool { return same(o, w) }) {
				out = append(out, w)
			}
		}
	}
	return out
}

// spellingItem is a word typed and how a claim's record spells it.
type spellingItem struct {
	Typed string `json:"typed"`
	Found string `json:"found"`
	Field string `json:"field"`
}

// spellingItems are spellings as the API shows them; nil for none.
func spellingItems(sps []storage.Spelling) []spellingItem {
	var out []spellingItem
	for _, sp := range sps {
		out = append(out, spellingItem{Typed: sp.Typed, Found: sp.Found, Field: sp.Field})
	}
	return out
}

func newSearchItem(h storage.SearchHit) searchItem {
	it := searchItem{
		Kind: h.Kind, ID: h.ID, Title: h.Title.String(), TitleFragments: h.Title,
		Snippet: h.Snippet.String(), SnippetFragments: h.Snippet,
		From: h.From, Folder: h.Folder, DocType: h.DocType, ReceivedAt: h.At, Dated: h.Dated,
	}
	if it.SnippetFragments == nil {
		it.SnippetFragments = storage.Highlighted{}
	}
	it.Spellings, it.ClaimStatus, it.Matched = spellingItems(h.Spellings), h.ClaimStatus, h.Matched
	it.MatchedStreet, it.MatchedTownOnly = h.Street, h.TownOnly
	if h.Kind != storage.SearchKindClaim {
		it.Matched = markedWords(h.Title, h.Snippet)
	}
	if h.ClaimID != 0 {
		it.ClaimID, it.JobNumber, it.ClaimNumber = &h.ClaimID, &h.JobNumber, &h.ClaimNumber
	}
	switch h.Kind {
	case storage.SearchKindMessage:
		it.URL = fmt.Sprintf("/messages/%d", h.ID)
	case storage.SearchKindDocument:
		it.URL = fmt.Sprintf("/claims/%d", h.ClaimID)
		it.DownloadURL = fmt.Sprintf("/documents/%d/original", h.ID)
		v := viewOf(h.ID, h.ContentType, h.Stamped)
		it.View = &v
	default:
		it.URL = fmt.Sprintf("/claims/%d", h.ID)
	}
	return it
}
