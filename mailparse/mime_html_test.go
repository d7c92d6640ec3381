package mailparse

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "hello", "hello"},
		{"entities", "<p>Tom &amp; Jerry &lt;tj@example.example&gt; &eacute;t&eacute;&nbsp;2026</p>", "Tom & Jerry <tj@example.example> été 2026"},
		{"whitespace collapses", "<div>  one\n\t two  </div>", "one two"},
		{"blocks and breaks", "<div>one</div><div>two<br>three</div><p>four</p>", "one\ntwo\nthree\nfour"},
		{"blank lines capped", "a<br><br><br><br>b", "a\n\nb"},
		{"script style title dropped", "<html><head><title>T</title><style>p{x:y}</style></head><body><script>var a=1;</script>text</body></html>", "text"},
		{"comments dropped", "<!--[if mso]><xml>junk</xml><![endif]-->visible", "visible"},
		{"lists", "<ul><li>ATP</li><li>COS</li></ul>", "- ATP\n- COS"},
		{"table cells", "<table><tr><td>Claim</td><td>60-8H77-8H5</td></tr><tr><td>Job</td><td>26-1001-WTR</td></tr></table>", "Claim 60-8H77-8H5\nJob 26-1001-WTR"},
		{"blockquote quoted", "<div>On Wed wrote:</div><blockquote><div>first</div><blockquote>inner</blockquote></blockquote>after", "On Wed wrote:\n> first\n> > inner\nafter"},
		{"pre keeps lines", "<pre>a  b\nc</pre>", "a  b\nc"},
		{"outlook header block", `<div style="border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>From:</b> Brian Ortiz &lt;bortiz@usaa.example&gt;<br><b>Sent:</b> Monday, November 2, 2026 7:45 AM<br><b>Subject:</b> Photos<o:p></o:p></p></div>`,
			"From: Brian Ortiz <bortiz@usaa.example>\nSent: Monday, November 2, 2026 7:45 AM\nSubject: Photos"},
		{"unclosed tags", "<div><p>one<p>two", "one\ntwo"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("%s: HTMLToText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
