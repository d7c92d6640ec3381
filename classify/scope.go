package classify

import (
	"regexp"
	"strings"
)

var (
	// waterCatRe is the water category as scopes write it: "CAT 2",
	// "Category 3", "Cat. 1", "Water Category: 2", "Categoría 2".
	waterCatRe = regexp.MustCompile(`(?i)\b(?:cat(?:egory|egoria|egoría)?)\.?\s*(?:#|:|-|of)?\s*(iii|ii|i|[1-3])\b`)
	// waterClassRe is the class of water intrusion: "Class 3", "Class: IV",
	// "Clase 2".
	waterClassRe = regexp.MustCompile(`(?i)\bclas[se]\.?\s*(?:#|:|-|of)?\s*(iv|iii|ii|i|[1-4])\b`)
	romans       = map[string]int{"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
)

// WaterCategory reads the water category (1-3) and class (1-4) a scope
// names, "CAT 2 / Class 3" or "Category 3, Class 2"; 0 for either it does
// not name. The first of each in the text counts.
func WaterCategory(text string) (cat, class int) {
	if m := waterCatRe.FindStringSubmatch(text); m != nil {
		cat = romans[strings.ToLower(m[1])]
	}
	if m := waterClassRe.FindStringSubmatch(text); m != nil {
		class = romans[strings.ToLower(m[1])]
	}
	return cat, class
}
