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
// directionals by what they are read as (canonStreet, the directional).
var streetSpellings = sync.OnceValue(func() map[string][]string {
	groups := map[string][]string{}
	for w := range maps.Keys(streetSuffixes) {
		groups["street "+canonStreet(w)] = append(groups["street "+canonStreet(w)], w)
	}
	for w := range maps.Keys(streetWords) {
		groups["street "+canonStreet(w)] = append(groups["street "+canonStreet(w)], w)
	}
	for w, d := range directionals {
		groups["direction "+d] = append(groups["direction "+d], w)
	}
	out := map[string][]string{}
	for _, g := range groups {
		g = slices.Compact(slices.Sorted(slices.Values(g)))
		for _, w := range g {
			out[w] = g
		}
	}
	return out
})
