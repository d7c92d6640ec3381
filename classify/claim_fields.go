package classify

import "sync"

// The weak rules read every open claim's insured name and loss address for
// every message; the same few dozen claims would be parsed again each time.
// What each parse made is kept, keyed by the text, and only read after.
var (
	insuredNames  = newParseMemo(parsePersons)
	lossAddresses = newParseMemo(func(s string) parsedPostal {
		p, ok := parsePostal(s)
		return parsedPostal{p, ok}
	})
)

// parsedPostal is parsePostal's answer.
type parsedPostal struct {
	postal
	ok bool
}

// maxParseMemo bounds a memo: past it, the memo starts again empty. It is
// far above the claims an office has open at once.
const maxParseMemo = 4096

// parseMemo keeps a pure parse's answers by their text. An answer is
// shared: callers only read it.
type parseMemo[T any] struct {
	parse func(string) T
	mu    sync.Mutex
	done  map[string]T
}

func newParseMemo[T any](parse func(string) T) *parseMemo[T] {
	return &parseMemo[T]{parse: parse, done: map[string]T{}}
}

// of returns parse(s), parsed at most once while the memo keeps it.
func (m *parseMemo[T]) of(s string) T {
	m.mu.Lock()
	v, ok := m.done[s]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = m.parse(s)
	m.mu.Lock()
	if len(m.done) >= maxParseMemo {
		clear(m.done)
	}
	m.done[s] = v
	m.mu.Unlock()
	return v
}
