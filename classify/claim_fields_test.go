package classify

import (
	"reflect"
	"strconv"
	"testing"
)

// TestParseMemoParsesATextOnce checks that a claim's field is parsed once
// however many messages read it, that the answer is the parse's, and that
// the memo stays within its bound.
func TestParseMemoParsesATextOnce(t *testing.T) {
	t.Parallel()
	calls := 0
	m := newParseMemo(func(s string) []person {
		calls++
		return parsePersons(s)
	})
	for range 3 {
		if got, want := m.of("Castillo, Kevin"), parsePersons("Castillo, Kevin"); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	}
	if calls != 1 {
		t.Errorf("parsed %d times, want once", calls)
	}
	for i := range maxParseMemo + 10 {
		m.of("Name " + strconv.Itoa(i))
	}
	if n := len(m.done); n > maxParseMemo {
		t.Errorf("memo keeps %d answers, bound %d", n, maxParseMemo)
	}
}
