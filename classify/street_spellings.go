package classify

import (
	"maps"
	"slices"
	"sync"
)

// StreetSpellings returns the ways addresses write word, in lower case:
// "avenue" is also "ave", "av" and "aven", "north" also "n". A word
// addresses write one way only is returned alone.
func StreetSpellings(word string) []string {
	if s, ok := streetSpellings()[word]; ok {
		return s
	}
	return []string{word}
}

// streetSpellings groups the words of streetSuffixes, streetWords and
// directionals by what they are read as, each map apart: "st" is a street
// and a saint, but a saint is no street. A word of several groups is
// spelled as any of them.
var streetSpellings = sync.OnceValue(func() map[string][]string {
	groups := map[string][]string{}
	group := func(kind string, m map[string]string) {
		for w, c := range m {
			groups[kind+" "+c] = append(groups[kind+" "+c], w, c)
		}
	}
	group("suffix", streetSuffixes)
	group("word", streetWords)
	group("direction", directionals)
	out := map[string][]string{}
	for _, g := range groups {
		for _, w := range g {
			out[w] = append(out[w], g...)
		}
	}
	for w, s := range out {
		out[w] = slices.Compact(slices.Sorted(slices.Values(s)))
	}
	return out
})

// IsStreetType reports whether word, in lower case, is a spelling of a
// street type ("avenue", "ave", "st"): most addresses hold one, so it
// tells no claim apart.
func IsStreetType(word string) bool {
	_, ok := streetSuffixes[word]
	return ok
}

// StreetTypes returns every spelling of a street type, in lower case and
// sorted.
func StreetTypes() []string {
	return slices.Sorted(maps.Keys(streetSuffixes))
}
