package classify

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Loss is who and where a loss is, as a claim's record writes them.
type Loss struct {
	Insured string
	Address string
}

// SameLoss reports whether a and b look like one loss: a homeowner phoning
// about a job the office already has. Either of:
//   - the same house: the address's number and street agree (street types
//     and directions as people write them: "Avenue" is "Ave", "N" may be
//     left out) and no city, state, ZIP or apartment given on both
//     differs; whoever the insured is (a spouse, a tenant calls);
//   - the same insured (first and last name, folded for accents and case,
//     in either order) and no address that says elsewhere: the loss
//     addresses, when both are given, are on the same street (the number
//     may be mistyped, a street without its number names the street).
//
// A neighbour (another number, another name) is no match, nor a surname
// alone, nor the same name on another street.
func SameLoss(a, b Loss) bool {
	pa, aok := lossPlace(a.Address)
	pb, bok := lossPlace(b.Address)
	sameStreet := aok && bok && pa.sameStreet(pb)
	if sameStreet && pa.number != "" && pa.number == pb.number && agree(pa.unit, pb.unit) {
		return true
	}
	return samePerson(a.Insured, b.Insured) && (!aok || !bok || sameStreet)
}

// place is a loss address's parts that tell houses apart.
type place struct {
	postal
	unit string // apartment, suite or unit number, folded; "" when none
}

// lossPlace reads address; a street without its number is read with its
// number "".
func lossPlace(address string) (place, bool) {
	unit, rest := cutUnit(address)
	rest = strings.TrimSpace(rest)
	numbered := rest != "" && isDigit(rest[0])
	if !numbered {
		rest = "0 " + rest // parsePostal wants a number first
	}
	p, ok := parsePostal(rest)
	if !numbered {
		p.number = ""
	}
	return place{postal: p, unit: unit}, ok
}

// sameStreet reports whether p and q are on one street of one town: their
// street names agree, and the street types, cities, states and ZIP codes
// that both give.
func (p place) sameStreet(q place) bool {
	return slices.Equal(p.street, q.street) && agree(p.suffix, q.suffix) && agree(p.state, q.state) &&
		agree(p.zip, q.zip) && (len(p.city) == 0 || len(q.city) == 0 || slices.Equal(p.city, q.city))
}

// agree reports whether two parts are equal or one is not given.
func agree(a, b string) bool { return a == "" || b == "" || a == b }

// unitRe finds an apartment, suite or unit number: "Apt 4B", "Unit 12",
// "#1207". A unit word that is also a state's code ("FL") is not looked for.
var unitRe = sync.OnceValue(func() *regexp.Regexp {
	var ws []string
	for w := range unitWords {
		if _, state := usStates[w]; !state {
			ws = append(ws, w)
		}
	}
	sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) }) // "apartment" before "apt"
	return regexp.MustCompile(`(?i)(?:#|\b(?:` + strings.Join(ws, "|") + `)\b\.?)\s*#?\s*([\pL\pN]+(?:-[\pL\pN]+)?)`)
})

// cutUnit returns the unit number of address, folded, and the address
// without it. A unit word right after the house number ("100 Suite Rd")
// is the street's.
func cutUnit(address string) (unit, rest string) {
	toks := tokenize(address)
	if len(toks) < 3 {
		return "", address
	}
	after := toks[1].end
	m := unitRe().FindStringSubmatchIndex(address[after:])
	if m == nil {
		return "", address
	}
	unit = strings.Join(words(address[after+m[2]:after+m[3]]), "")
	return unit, address[:after+m[0]] + " " + address[after+m[1]:]
}

// samePerson reports whether insured names a and b share a person: first
// and last name, and the middle names both give (an initial agrees with a
// name it starts).
func samePerson(a, b string) bool {
	for _, p := range parsePersons(a) {
		for _, q := range parsePersons(b) {
			if p.first == q.first && p.last == q.last && sameMiddle(p.middle, q.middle) {
				return true
			}
		}
	}
	return false
}

func sameMiddle(a, b []string) bool {
	for i := range min(len(a), len(b)) {
		x, y := a[i], b[i]
		if len(x) > len(y) {
			x, y = y, x
		}
		if x != y && (len(x) > 1 || !strings.HasPrefix(y, x)) {
			return false
		}
	}
	return true
}
