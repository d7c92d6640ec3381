package outbox

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimdesk/claimdesk/storage"
)

// GreetingName is the first name a reply greets the person at address by:
// the name they sign their mail with (fromName), else the name the claim
// (nil: none) gives that address, as its adjuster, insured or one of
// people. Empty when neither reads as a person's name: the reply then
// says a plain "Hello,".
func GreetingName(fromName, address string, claim *storage.Claim, people []storage.ClaimParticipant) string {
	if first := PersonFirstName(fromName, address); first != "" {
		return first
	}
	named := func(email string) bool { return email != "" && strings.EqualFold(strings.TrimSpace(email), address) }
	var names []string
	if claim != nil {
		if named(claim.AdjusterEmail) {
			names = append(names, claim.AdjusterName)
		}
		if named(claim.InsuredEmail) {
			names = append(names, claim.InsuredName)
		}
	}
	for _, p := range people {
		if named(p.Email) {
			names = append(names, p.Name)
		}
	}
	for _, n := range names {
		if first := PersonFirstName(n, address); first != "" {
			return first
		}
	}
	return ""
}

// PersonFirstName is the first name of a person called name who writes
// from address, for a greeting: "Harold" of "Harold Becker", of "Becker,
// Harold" and of "HAROLD BECKER". Empty when name does not read as a
// person's: a department or company ("Claims Dept", "Great Lakes
// Casualty"), an address or its local part ("hbecker1948"), an initial, or
// a title and a last name alone ("Mr. Becker").
func PersonFirstName(name, address string) string {
	name = strings.Trim(strings.TrimSpace(name), `"'`)
	local, _, _ := strings.Cut(address, "@")
	if name == "" || strings.ContainsAny(name, "@_0123456789") || localPart(name, local) {
		return ""
	}
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == ',' || r == '&' || r == '/' })
	for _, w := range words {
		if notPersonWords[strings.Trim(w, ".()")] {
			return ""
		}
	}
	first := FirstName(withoutTitle(name))
	if first == "" || !isNameWord(first) {
		return ""
	}
	return nameCase(first)
}

// withoutTitle is name without a title before it ("Mrs. Ruth Sandoval" is
// Ruth Sandoval); "" when only a last name follows the title.
func withoutTitle(name string) string {
	first, rest, ok := strings.Cut(name, " ")
	if !ok || !personTitles[strings.ToLower(strings.TrimSuffix(first, "."))] {
		return name
	}
	rest = strings.TrimSpace(rest)
	if !strings.Contains(rest, " ") && !strings.Contains(rest, ",") {
		return ""
	}
	return rest
}

// isNameWord reports whether w is a given name: two letters or more,
// with inner hyphens or apostrophes (Mary-Jane, D'Andre), and no dot of an
// address's local part (h.becker) or of an initial (J.).
func isNameWord(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'' || r == '’':
		default:
			return false
		}
	}
	return letters >= 2
}

// nameCase writes a name typed in one case as names are written
// ("HAROLD", "harold": Harold); a name in mixed case (McKenzie) is kept.
func nameCase(w string) string {
	if w != strings.ToUpper(w) && w != strings.ToLower(w) {
		return w
	}
	var b strings.Builder
	upper := true
	for _, r := range strings.ToLower(w) {
		if upper {
			r = unicode.ToUpper(r)
		}
		b.WriteRune(r)
		upper = r == '-' || r == '\''
	}
	return b.String()
}

// localPart reports whether name is, or is cut from, the local part of
// the sender's address ("hbecker" of hbecker1948@): a mail program's
// stand-in for a name nobody typed. A capitalised name is one typed.
func localPart(name, local string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return !strings.ContainsAny(name, " ,") && !unicode.IsUpper(r) && strings.Contains(strings.ToLower(local), strings.ToLower(name))
}

// personTitles come before a name and are no part of it.
var personTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true,
	"sr": true, "sra": true, "srta": true, "doña": true,
}

// notPersonWords are words of the names departments, companies and mail
// systems give their mail: such mail greets no one by name.
var notPersonWords = map[string]bool{
	"claim": true, "claims": true, "dept": true, "department": true, "team": true, "office": true,
	"insurance": true, "ins": true, "services": true, "service": true, "support": true, "info": true,
	"admin": true, "noreply": true, "no-reply": true, "donotreply": true, "customer": true, "restoration": true,
	"company": true, "co": true, "inc": true, "llc": true, "ltd": true, "corp": true, "corporation": true,
	"group": true, "mutual": true, "casualty": true, "property": true, "adjusting": true, "desk": true,
	"center": true, "centre": true, "notifications": true, "notification": true, "mailbox": true,
	"reception": true, "billing": true, "accounts": true, "accounting": true, "payable": true,
	"dispatch": true, "operations": true, "estimating": true, "mitigation": true, "agency": true,
	"solutions": true, "management": true, "system": true, "portal": true, "alerts": true,
	"xactanalysis": true, "xactware": true, "unit": true, "homeowners": true, "the": true,
	"and": true, "farm": true, "allstate": true, "nationwide": true, "progressive": true, "travelers": true,
	"usaa": true, "geico": true, "chubb": true, "farmers": true, "hartford": true, "assurance": true,
	"underwriters": true, "specialty": true, "holdings": true, "associates": true, "partners": true,
	"contractors": true, "construction": true, "roofing": true, "plumbing": true, "lab": true, "labs": true,
	"itel": true, "rental": true, "rentals": true, "supply": true,
	"reclamaciones": true, "seguros": true, "departamento": true, "oficina": true, "servicio": true,
}
