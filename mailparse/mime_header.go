package mailparse

import (
	"cmp"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

// Address is one mailbox from an address header: the display name (RFC 2047
// decoded) and the address, lower-cased so it compares directly with the
// addresses in claims and participants.
type Address struct {
	// Name is the display name, RFC 2047 decoded; may be empty.
	Name string
	// Email is the lower-cased address; empty when only a name was given
	// (Outlook forwards often show just the sender's name).
	Email string
}

// String formats the address for display: `Name <email>`, or whichever half
// is present.
func (a Address) String() string {
	switch {
	case a.Name == "":
		return a.Email
	case a.Email == "":
		return a.Name
	}
	return a.Name + " <" + a.Email + ">"
}

// mimeWordDecoder decodes RFC 2047 encoded words in any charset go-message's
// charset package knows (ISO-8859-x, Windows-125x, ...). A word in a charset
// it does not know keeps its bytes (mimeCleanText then reads them as UTF-8 or
// Latin-1), as bodies do: the standard decoder would instead give up on the
// whole header, and "=?x-unknown?Q?Claim_0683449786?=" hides a claim number.
var mimeWordDecoder = &mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	if cr, err := charset.Reader(cs, r); err == nil {
		return cr, nil
	}
	return r, nil
}}

// decodeHeaderText decodes RFC 2047 words and repairs raw 8-bit bytes, so the
// result is always valid UTF-8. Undecodable words stay as written.
func decodeHeaderText(v string) string {
	if strings.Contains(v, "=?") {
		if d, err := mimeWordDecoder.DecodeHeader(v); err == nil {
			v = d
		}
	}
	return mimeCleanText(v)
}

// mimeCleanText makes s valid UTF-8 without NUL bytes (Postgres text columns
// reject both, and mail carries both) and maps C1 control characters to the
// Windows-1252 characters senders meant: text labelled ISO-8859-1 really
// holds curly quotes and dashes at 0x80-0x9F, and Go's RFC 2047 decoder
// reads ISO-8859-1 itself, so the charset choice cannot fix headers.
func mimeCleanText(s string) string {
	s = mimeToUTF8(s)
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if strings.ContainsFunc(s, mimeIsC1) {
		s = strings.Map(func(r rune) rune {
			if mimeIsC1(r) {
				return charmap.Windows1252.DecodeByte(byte(r))
			}
			return r
		}, s)
	}
	return s
}

func mimeIsC1(r rune) bool { return r >= 0x80 && r <= 0x9F }

// mimeToUTF8 returns s unchanged when it is valid UTF-8. Otherwise, when s holds
// no valid multi-byte sequence at all, it is almost certainly unlabelled
// Western 8-bit text (the usual reality of mail without a charset) and is
// decoded as Windows-1252, a superset of ISO-8859-1's printable range.
// Mixed input keeps its valid runes and replaces the broken bytes.
func mimeToUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	if !mimeHasMultibyteRune(s) {
		if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
			return d
		}
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func mimeHasMultibyteRune(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError && size > 1 {
			return true
		}
		i += size
	}
	return false
}

// mimeHeaderParams is a parsed structured header such as Content-Type or
// Content-Disposition: the lower-cased value and its parameters, keys
// lower-cased, values decoded (RFC 2231 and RFC 2047) to UTF-8.
type mimeHeaderParams struct {
	value  string
	params map[string]string
}

// mimeParseParams parses a structured header leniently. mime.ParseMediaType
// rejects the whole header on one bad parameter (duplicates, stray
// characters, unquoted spaces) and drops RFC 2231 values in charsets other
// than UTF-8; real mail has all of these, and a lost boundary or filename
// costs far more than a sloppy parse.
func mimeParseParams(s string) mimeHeaderParams {
	fields := mimeSplitParams(s)
	if len(fields) == 0 {
		return mimeHeaderParams{params: map[string]string{}}
	}
	r := mimeParamReader{
		plain:     map[string]string{},
		extended:  map[string]mimeRawValue{},
		continued: map[string][]mimeParamSegment{},
	}
	for _, f := range fields[1:] {
		r.add(f)
	}
	return mimeHeaderParams{value: strings.ToLower(strings.TrimSpace(fields[0])), params: r.decoded()}
}

// mimeParamSegment is one piece of an RFC 2231 continued parameter
// (name*0, name*1*, ...): pieces may come in any order.
type mimeParamSegment struct {
	n       int
	encoded bool
	value   string
}

// mimeRawValue is an RFC 2231 value as charset label and raw bytes, kept
// apart until all pieces are joined: a piece may end mid-character.
type mimeRawValue struct{ charset, raw string }

// mimeParamReader gathers a header's parameters in the three forms they
// come in (plain, name*=, name*N), to be decoded once all are read.
type mimeParamReader struct {
	plain     map[string]string
	extended  map[string]mimeRawValue
	continued map[string][]mimeParamSegment
}

// add reads one "key=value" field; a malformed one is dropped alone,
// never the header.
func (r *mimeParamReader) add(f string) {
	k, v, ok := strings.Cut(f, "=")
	if !ok {
		return
	}
	k = strings.ToLower(strings.TrimSpace(k))
	v = mimeUnquoteParam(strings.TrimSpace(v))
	if k == "" {
		return
	}
	base, rest, star := strings.Cut(k, "*")
	if !star {
		if _, dup := r.plain[k]; !dup {
			r.plain[k] = v
		}
		return
	}
	if rest == "" {
		// name*=charset'lang'value
		cs, text := mimeSplitExtendedValue(v)
		r.extended[base] = mimeRawValue{cs, mimePercentDecode(text)}
		return
	}
	encoded := strings.HasSuffix(rest, "*")
	n, err := strconv.Atoi(strings.TrimSuffix(rest, "*"))
	if err != nil || n < 0 || n > 999 {
		return
	}
	r.continued[base] = append(r.continued[base], mimeParamSegment{n: n, encoded: encoded, value: v})
}

// decoded returns the parameters' values as UTF-8 text, each name once.
func (r *mimeParamReader) decoded() map[string]string {
	r.joinContinued()
	for k, v := range r.plain {
		if k == "boundary" {
			// A boundary is matched byte for byte; decoding could change it.
			continue
		}
		r.plain[k] = decodeHeaderText(v)
	}
	for base, v := range r.extended {
		// RFC 2231 values win over plain ones: clients that send both put
		// an ASCII approximation in the plain parameter.
		r.plain[base] = mimeCleanText(mimeDecodeCharset(v.charset, v.raw))
	}
	return r.plain
}

// joinContinued joins each continued parameter's pieces in order into an
// extended value, unless a name*= value of the same name came too.
func (r *mimeParamReader) joinContinued() {
	for base, segs := range r.continued {
		sort.SliceStable(segs, func(i, j int) bool { return segs[i].n < segs[j].n })
		var raw strings.Builder
		cs := ""
		for i, sg := range segs {
			v := sg.value
			if sg.encoded {
				if i == 0 {
					cs, v = mimeSplitExtendedValue(v)
				}
				v = mimePercentDecode(v)
			}
			raw.WriteString(v)
		}
		if _, ok := r.extended[base]; !ok {
			r.extended[base] = mimeRawValue{cs, raw.String()}
		}
	}
}

// mimeSplitParams splits a structured header on semicolons outside quotes.
func mimeSplitParams(s string) []string {
	var out []string
	start, quoted, escaped := 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\' && quoted:
			escaped = true
		case c == '"':
			quoted = !quoted
		case c == ';' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	out = append(out, s[start:])
	return out
}

// mimeUnquoteParam removes the quotes of a quoted-string and its backslash
// escapes; an unterminated quote runs to the end of the value.
func mimeUnquoteParam(v string) string {
	if !strings.HasPrefix(v, `"`) {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) {
			i++
			b.WriteByte(v[i])
			continue
		}
		if c == '"' {
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mimeSplitExtendedValue splits an RFC 2231 value "charset'lang'text"; a value
// without the two quotes is taken as plain text.
func mimeSplitExtendedValue(v string) (cs, text string) {
	first := strings.IndexByte(v, '\'')
	if first < 0 {
		return "", v
	}
	second := strings.IndexByte(v[first+1:], '\'')
	if second < 0 {
		return "", v
	}
	return v[:first], v[first+1+second+1:]
}

// mimePercentDecode decodes %XX escapes and keeps malformed ones literally.
func mimePercentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && mimeIsHex(s[i+1]) && mimeIsHex(s[i+2]) {
			b.WriteByte(mimeUnhex(s[i+1])<<4 | mimeUnhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func mimeIsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func mimeUnhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// mimeDecodeCharset converts raw bytes labelled with cs to UTF-8; an unknown or
// empty label falls back to mimeToUTF8's guess.
func mimeDecodeCharset(cs, raw string) string {
	cs = strings.ToLower(strings.TrimSpace(cs))
	if cs == "" || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" {
		return mimeToUTF8(raw)
	}
	r, err := charset.Reader(cs, strings.NewReader(raw))
	if err != nil {
		return mimeToUTF8(raw)
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(4*len(raw)+16)))
	if err != nil {
		return mimeToUTF8(raw)
	}
	return mimeToUTF8(string(out))
}

// mimeMailtoBracket matches Outlook's `Name [mailto:x@y]` address form.
var mimeMailtoBracket = regexp.MustCompile(`(?i)\[mailto:([^\]\s]+)\]`)

// mimeEmailPattern finds something address-shaped in text no parser accepts.
var mimeEmailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-'=#$&*/?^{|}~!]+@[A-Za-z0-9.\-]+[A-Za-z0-9]`)

// parseAddressList parses an address header, falling back to a per-item and
// then a pattern-based reading when the strict RFC 5322 parser gives up
// (unquoted commas or dots in names, missing brackets, Outlook's
// "[mailto:...]"). It never fails; unusable items are dropped.
func parseAddressList(v string) []Address {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	v = mimeMailtoBracket.ReplaceAllString(v, "<$1>")
	mimeParser := mail.AddressParser{WordDecoder: mimeWordDecoder}
	if list, err := mimeParser.ParseList(v); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, mimeBoundAddress(Address{Name: mimeCleanText(a.Name), Email: strings.ToLower(mimeCleanText(a.Address))}))
		}
		return out
	}
	var out []Address
	for _, item := range mimeSplitAddressItems(v) {
		if a, ok := mimeParseLooseAddress(item); ok {
			out = append(out, mimeBoundAddress(a))
		}
	}
	return out
}

// mimeMaxAddressBytes is the longest address SMTP can carry (RFC 5321
// 4.5.3.1.3: a path of 256 octets with its brackets).
const mimeMaxAddressBytes = 254

// mimeBoundAddress drops an address longer than any mail system delivers:
// it can only be hostile, and addresses are looked up through indexes
// whose entries have a size limit. The name stays, like a name written
// without an address.
func mimeBoundAddress(a Address) Address {
	if len(a.Email) > mimeMaxAddressBytes {
		a.Email = ""
	}
	return a
}

// mimeParseLooseAddress reads one address leniently: strict parse first, then
// "name <addr>" by pattern, then a bare name (Outlook forwards often show
// only the sender's name).
func mimeParseLooseAddress(item string) (Address, bool) {
	item = strings.TrimSpace(item)
	if item == "" {
		return Address{}, false
	}
	item = mimeMailtoBracket.ReplaceAllString(item, "<$1>")
	mimeParser := mail.AddressParser{WordDecoder: mimeWordDecoder}
	if a, err := mimeParser.Parse(item); err == nil {
		return Address{Name: mimeCleanText(a.Name), Email: strings.ToLower(mimeCleanText(a.Address))}, true
	}
	loc := mimeEmailPattern.FindStringIndex(item)
	if loc == nil {
		name := strings.Trim(decodeHeaderText(item), ` "'<>`)
		if name == "" {
			return Address{}, false
		}
		return Address{Name: name}, true
	}
	email := strings.ToLower(item[loc[0]:loc[1]])
	name := item[:loc[0]] + " " + item[loc[1]:]
	name = strings.NewReplacer("<", " ", ">", " ", "()", " ").Replace(name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.Trim(name, ` "',`)
	return Address{Name: decodeHeaderText(name), Email: mimeCleanText(email)}, true
}

// mimeSplitAddressItems splits an address list outside quotes and angle
// brackets: on semicolons when there are any (Outlook's separator, which
// leaves commas inside "Last, First" names), else on commas. A lone word
// before an item with an address is rejoined with it: that is an unquoted
// "Villa, Hector <hvilla@...>".
func mimeSplitAddressItems(v string) []string {
	sep := byte(',')
	if mimeIndexOutside(v, ';') >= 0 {
		sep = ';'
	}
	var items []string
	for {
		i := mimeIndexOutside(v, sep)
		if i < 0 {
			items = append(items, v)
			break
		}
		items = append(items, v[:i])
		v = v[i+1:]
	}
	var out []string
	for i := 0; i < len(items); i++ {
		item := strings.TrimSpace(items[i])
		if sep == ',' && i+1 < len(items) && item != "" && !strings.ContainsAny(item, "@ \t\"") && strings.Contains(items[i+1], "@") {
			items[i+1] = item + "," + items[i+1]
			continue
		}
		out = append(out, items[i])
	}
	return out
}

// mimeIndexOutside returns the index of the first c outside quotes and
// angle brackets, or -1.
func mimeIndexOutside(v string, c byte) int {
	quoted, angle := false, 0
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b == '"':
			quoted = !quoted
		case b == '<' && !quoted:
			angle++
		case b == '>' && !quoted && angle > 0:
			angle--
		case b == c && !quoted && angle == 0:
			return i
		}
	}
	return -1
}

// mimeMsgIDPattern matches one bracketed message identifier.
var mimeMsgIDPattern = regexp.MustCompile(`<[^<>\s]+>`)

// mimeMaxMsgIDBytes bounds a message identifier: RFC 5322 caps a header
// line at 998 bytes, so no mailer writes a longer one. Identifiers are
// looked up through indexes whose entries have a size limit: a longer one
// would make the message impossible to store.
const mimeMaxMsgIDBytes = 998

// parseMsgIDs returns the bracketed identifiers in a Message-ID,
// In-Reply-To or References value. Identifiers written without brackets
// (some mobile clients) are bracketed so lookups compare like with like;
// identifiers longer than mimeMaxMsgIDBytes are left out.
func parseMsgIDs(v string) []string {
	v = mimeCleanText(v)
	ids := mimeMsgIDPattern.FindAllString(v, -1)
	if len(ids) == 0 {
		for _, f := range strings.Fields(v) {
			f = strings.Trim(f, "<>,;")
			if strings.Contains(f, "@") {
				ids = append(ids, "<"+f+">")
			}
		}
	}
	out := ids[:0]
	for _, id := range ids {
		if len(id) <= mimeMaxMsgIDBytes {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// mimeHasOverlongMsgID reports whether header values hold an identifier
// parseMsgIDs leaves out for its length.
func mimeHasOverlongMsgID(values []string) bool {
	for _, v := range values {
		if len(v) <= mimeMaxMsgIDBytes {
			continue
		}
		for _, id := range mimeMsgIDPattern.FindAllString(v, -1) {
			if len(id) > mimeMaxMsgIDBytes {
				return true
			}
		}
	}
	return false
}

// firstMsgID returns the first identifier of a msg-id header, or "".
func firstMsgID(v string) string {
	if ids := parseMsgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// mimeHeaderAddresses returns the bare addresses of every occurrence of key
// (Delivered-To appears once per delivery hop).
func mimeHeaderAddresses(h message.Header, key string) []string {
	var out []string
	fields := h.FieldsByKey(key)
	for fields.Next() {
		for _, a := range parseAddressList(fields.Value()) {
			if a.Email != "" {
				out = append(out, a.Email)
			}
		}
	}
	return out
}

// mimeMediaType returns the lower-cased type/subtype of a Content-Type value,
// RFC 822 comments and spaces around the slash removed, and whether it is
// one (RFC 2045 5.1: two tokens joined by "/"). "text/plain>", "text/" and
// "pdf" are not.
func mimeMediaType(v string) (string, bool) {
	v = mimeStripComments(v)
	typ, sub, ok := strings.Cut(v, "/")
	typ, sub = strings.TrimSpace(typ), strings.TrimSpace(sub)
	if !ok || !mimeIsToken(typ) || !mimeIsToken(sub) {
		return "", false
	}
	return strings.ToLower(typ + "/" + sub), true
}

// mimeIsToken reports whether s is an RFC 2045 token: printable US-ASCII
// other than space and the tspecials.
func mimeIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}

// mimeStripComments removes the parenthesized comments RFC 822 allows in
// structured headers ("text/plain (plain text)"), nested ones included; an
// unclosed one runs to the end.
func mimeStripComments(v string) string {
	if !strings.Contains(v, "(") {
		return v
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && depth > 0:
			i++
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mimeExternalLocation says where a message/external-body part points (RFC
// 2046 5.2.3, RFC 2017): its access type and URL, site and path, or mail
// server.
func mimeExternalLocation(ct mimeHeaderParams) string {
	access := strings.ToLower(strings.TrimSpace(ct.params["access-type"]))
	var where string
	switch {
	case ct.params["url"] != "":
		// RFC 2017 lets a long URL be split by white space.
		where = strings.Join(strings.Fields(ct.params["url"]), "")
	case ct.params["site"] != "" || ct.params["name"] != "":
		where = ct.params["site"]
		for _, s := range []string{ct.params["directory"], ct.params["name"]} {
			if s != "" {
				where = strings.TrimSuffix(where, "/") + "/" + strings.TrimPrefix(s, "/")
			}
		}
	case ct.params["server"] != "":
		where = "mail to " + ct.params["server"]
	}
	out := "access-type " + cmp.Or(access, "unknown")
	if where != "" {
		out += ", " + where
	}
	return mimeCutUTF8(mimeCleanText(out), 300)
}
