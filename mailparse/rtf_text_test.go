package mailparse

import (
	"strings"
	"testing"
)

// rtfFromHTML is HTML wrapped in RTF as Outlook writes it (MS-OXRTFEX): the
// tags in htmltag groups, the text outside them, and the RTF rendering of
// the same message between \htmlrtf and \htmlrtf0.
const rtfFromHTML = `{\rtf1\ansi\ansicpg1252\fromhtml1 \fbidis \deff0{\fonttbl
{\f0\fswiss\fcharset0 Arial;}
{\f1\fmodern Courier New;}
{\f2\fnil\fcharset2 Symbol;}
{\f3\fmodern\fcharset0 Courier New;}
{\f4\fswiss "Calibri";}}
{\colortbl\red0\green0\blue0;\red5\green99\blue193;}
\uc1\pard\plain\deftab360 \f0\fs24 ` +
	`{\*\htmltag19 <html xmlns:o="urn:schemas-microsoft-com:office:office">}
{\*\htmltag34 <head>}
{\*\htmltag1 \par }
{\*\htmltag241 <style><!--\par /* Font Definitions */\par p.MsoNormal\par \tab \{margin:0in;\par \tab font-family:"Calibri",sans-serif;\}\par --></style>}
{\*\htmltag41 </head>}
{\*\htmltag50 <body lang=EN-US link="#0563C1" style='word-wrap:break-word'>}\htmlrtf \lang1033 \htmlrtf0 
{\*\htmltag96 <div class=WordSection1>}\htmlrtf {\htmlrtf0 
{\*\htmltag148 <p class=MsoNormal>}\htmlrtf {\htmlrtf0 Good morning,{\*\htmltag244 <o:p>}{\*\htmltag252 </o:p>}\htmlrtf \par
}\htmlrtf0 
{\*\htmltag148 <p class=MsoNormal>}\htmlrtf {\htmlrtf0 Claim 0683449786{\*\htmltag84 &nbsp;}\htmlrtf \'a0\htmlrtf0 \endash  the insured, Ren\'e9e Okonkwo, signed the ATR{\*\htmltag84 &#8212;}\htmlrtf \u8212?\htmlrtf0 attached.{\*\htmltag116 <br>}\htmlrtf \line
\htmlrtf0 Second line \u8220?quoted\u8221? {\*\htmltag84 &lt;}\htmlrtf <\htmlrtf0  3 days.\htmlrtf \par
}\htmlrtf0 
{\*\htmltag148 <p class=MsoNormal>}\htmlrtf {\htmlrtf0 Heidi Larsen {\*\htmltag84 <a href="mailto:hlarsen@cascademutual.example">}\htmlrtf {\field{\*\fldinst{HYPERLINK "mailto:hlarsen@cascademutual.example"}}{\fldrslt\cf1\ul \htmlrtf0 hlarsen@cascademutual.example\htmlrtf }\htmlrtf0 \htmlrtf }\htmlrtf0 {\*\htmltag92 </a>}\htmlrtf \par
}\htmlrtf0 
{\*\htmltag104 </div>}\htmlrtf }\htmlrtf0 
{\*\htmltag58 </body>}
{\*\htmltag27 </html>}}
`

// rtfFromText is plain text wrapped in RTF.
const rtfFromText = `{\rtf1\ansi\ansicpg1252\fromtext \fbidis \deff0{\fonttbl
{\f0\fswiss Arial;}
{\f1\fmodern Courier New;}
{\f2\fnil\fcharset2 Symbol;}}
{\colortbl\red0\green0\blue0;\red0\green0\blue255;}
\uc1\pard\plain\deftab360 \f0\fs20 Claim 0683449786 \endash  water loss at the Okonkwo home\par
Insured:\tab Ren\'e9e Okonkwo\par
\par
Thanks,\line Heidi\par
}`

// TestRTFText: the text of each kind of RTF Outlook writes, and the RTF
// features a message's text goes through.
func TestRTFText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, rtf, want string
	}{
		{"encapsulated HTML", rtfFromHTML, "Good morning,\n" +
			"Claim 0683449786 – the insured, Renée Okonkwo, signed the ATR—attached.\n" +
			"Second line “quoted” < 3 days.\n" +
			"Heidi Larsen hlarsen@cascademutual.example"},
		{"encapsulated text", rtfFromText, "Claim 0683449786 – water loss at the Okonkwo home\n" +
			"Insured:\tRenée Okonkwo\n\nThanks,\nHeidi\n"},
		{"tables and groups with no text",
			`{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}{\colortbl;\red255\green0\blue0;}` +
				`{\stylesheet{\s0 Normal;}}{\*\generator Riched20 10.0.19041}{\info{\author Heidi}}` +
				`{\*\unknowndestination hidden}{\pict\pngblip 89504e47}Claim 0683449786\par}`,
			"Claim 0683449786\n"},
		{"escaped braces and backslash", `{\rtf1 a \{b\} c\\d}`, `a {b} c\d`},
		{"code page of \\ansicpg", `{\rtf1\ansi\ansicpg1251 \'cf\'e0\'e2\'e5\'eb}`, "Павел"},
		{"charset of a font", `{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset0 Arial;}{\f1\fnil\fcharset204 Arial;}}` +
			`\f0 caf\'e9 {\f1 \'cf\'e0\'e2\'e5\'eb} caf\'e9}`, "café Павел café"},
		{"double-byte code page", `{\rtf1\ansi\ansicpg932 \'93\'fa\'96\'7b}`, "日本"},
		{"\\u with its fallback skipped", `{\rtf1\uc1 caf\u233e\uc2 \u21360\'b2\'bb.}`, "café印."},
		{"a character past U+FFFF", `{\rtf1\uc1 \u-10179?\u-8704?}`, "😀"},
		{"the fallback count ends with its group", `{\rtf1\uc3 {\u233 }x}`, "éx"},
		{"binary data holds braces", `{\rtf1 {\*\objdata\bin4 }}{{} after}`, " after"},
		{"symbols", `{\rtf1 60\_8H77\~A\-B\` + "\n" + `next}`, "60-8H77\u00A0AB\nnext"},
		{"unbalanced", `}}{\rtf1 text}}}{{`, "text"},
	} {
		if got := rtfText([]byte(c.rtf), 1<<20); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestRTFTextBounds: the text is cut at the limit, and groups nested far
// past what any writer nests cost no more than a flat document.
func TestRTFTextBounds(t *testing.T) {
	t.Parallel()
	long := `{\rtf1 ` + strings.Repeat("Claim 0683449786 ", 1000) + `}`
	if got := rtfText([]byte(long), 100); len(got) > 100 || !strings.HasPrefix(got, "Claim 0683449786 Claim") {
		t.Errorf("cut at 100: %d bytes %q", len(got), got)
	}
	html := `{\rtf1\fromhtml1 {\*\htmltag1 <p>}` + strings.Repeat("word ", 1000) + `}`
	if got := rtfText([]byte(html), 100); len(got) > 100 || !strings.HasPrefix(got, "word word") {
		t.Errorf("HTML cut at 100: %d bytes %q", len(got), got)
	}
	deep := `{\rtf1 before` + strings.Repeat("{", 1<<20) + "lost" + strings.Repeat("}", 1<<20) + ` after}`
	if got := rtfText([]byte(deep), 1<<20); got != "before after" {
		t.Errorf("deep groups: %q", got)
	}
}

func FuzzRTFText(f *testing.F) {
	f.Add([]byte(rtfFromHTML))
	f.Add([]byte(rtfFromText))
	f.Add([]byte(`{\rtf1\ansi\ansicpg932\deff0{\fonttbl{\f1\fcharset204 A;}}\uc2 \u21360\'b2\'bb\'93\'fa{\f1\'cf}\u-10179?\u-8704?\bin3 {}}\~\_}`))
	f.Fuzz(func(t *testing.T, rtf []byte) {
		rtfCheckText(t, rtf)
	})
}
