package classify

import (
	"strings"
	"unicode"
)

// spanishWords and englishWords are common words of each language, which
// tell a short message's language apart.
var (
	spanishWords = wordSet("el la los las de del que por para con una un es esta está aquí aqui adjunto adjunta " +
		"firmado firmada firma hola gracias favor saludos envío envio le lo se su sus y pero también tambien cliente propietario")
	englishWords = wordSet("the a an and of to is are this here attached signed hello hi thanks thank please " +
		"regards for with from you your it on in customer homeowner")
)

func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(s) {
		out[w] = true
	}
	return out
}

// LooksSpanish reports whether text reads as Spanish rather than English,
// by their common words: a technician who writes in Spanish is answered in
// Spanish. It says nothing of the order of a numeric date: names in a
// signature ("Maria de la Cruz") count, and people who write in Spanish
// may date US-style.
func LooksSpanish(text string) bool {
	es, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch {
		case spanishWords[w] && englishWords[w]:
		case spanishWords[w]:
			es++
		case englishWords[w]:
			en++
		}
	}
	return es >= 3 && es > en
}
