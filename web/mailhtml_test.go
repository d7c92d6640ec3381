package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizeMailHTML(t *testing.T) {
	t.Parallel()
	images := map[string]mailImage{
		"logo@carrier.example": {path: "1.2", contentType: "image/png"},
		"photo 1@x":            {path: "3", contentType: "image/jpeg"},
	}
	const png1x1 = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	for _, tc := range []struct {
		name    string
		in      string
		want    []string // in the output
		absent  []string // nowhere in the output, compared in lower case
		blocked int
	}{
		{
			name:   "script elements",
			in:     `<p>Hi</p><script>alert(1)</script><SCRIPT src="https://evil.example/x.js"></SCRIPT>`,
			want:   []string{"<p>Hi</p>"},
			absent: []string{"<script", "alert(1)", "evil.example"},
		},
		{
			name:   "event handlers",
			in:     `<img src="x" onerror="alert(1)"><div onclick="steal()" onmouseover=alert(2)>text</div><body onload="x()">`,
			want:   []string{"text"},
			absent: []string{"onerror", "onclick", "onmouseover", "onload", "alert(", "steal("},
			// "x" is no image of ours
			blocked: 1,
		},
		{
			name: "javascript and other dangerous URLs",
			in: `<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(2)">b</a><a href="  javascript:alert(3)">c</a>` +
				`<a href="vbscript:msgbox(1)">d</a><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">e</a>` +
				`<a href="jav&#x09;ascript:alert(4)">f</a><iframe src="javascript:alert(5)"></iframe><form action="javascript:alert(6)"><input></form>`,
			// the links stay as text
			want:   []string{"abcdef"},
			absent: []string{"href", "javascript", "vbscript", "data:text", "<iframe", "<form", "<input", "alert("},
		},
		{
			name: "CSS tricks",
			in: `<style>body{background:url(https://evil.example/track)}</style>` +
				`<p style="color: red; background: url(https://evil.example/a.png)">red</p>` +
				`<p style="width: expression(alert(1))">x</p>` +
				`<p style="background-image: url('https://evil.example/b')">y</p>` +
				`<p style="font-family: x; behavior: url(evil.htc); -moz-binding: url(evil.xml#x)">z</p>` +
				`<p style="list-style-image: url(https://evil.example/c); cursor: url(https://evil.example/d), auto">w</p>` +
				`<link rel="stylesheet" href="https://evil.example/e.css"><p style="position: fixed; top: 0">over</p>`,
			want:   []string{"color: red", ">red</p>"},
			absent: []string{"<style", "url(", "expression", "behavior", "binding", "evil.example", "<link", "position"},
		},
		{
			name: "remote images and tracking pixels",
			in: `<img src="https://tracker.example/open.gif?u=1" width="1" height="1">` +
				`<img src="http://cdn.example/logo.png" alt="Carrier logo"><img src="//cdn.example/x.png">` +
				`<img srcset="https://cdn.example/a.png 2x" src="cid:logo@carrier.example">` +
				`<table background="https://evil.example/bg.png"><tr><td background="https://evil.example/td.png">t</td></tr></table>` +
				`<video poster="https://evil.example/p.png"></video><input type="image" src="https://evil.example/i.png">`,
			want: []string{
				`src="/messages/42/parts/1.2"`, "[image not loaded: Carrier logo]", `class="blocked-image"`, ">t</td>",
			},
			absent:  []string{"tracker.example", "cdn.example", "evil.example", "srcset", "background=", "poster"},
			blocked: 3,
		},
		{
			name: "cid images",
			in: `<img src="cid:logo@carrier.example"><img src="CID:LOGO@Carrier.Example"><img src="cid:photo%201@x">` +
				`<img src="cid:unknown@x" alt="gone"><a href="cid:logo@carrier.example">link</a>`,
			want: []string{
				`<img src="/messages/42/parts/1.2"><img src="/messages/42/parts/1.2">`, `src="/messages/42/parts/3"`,
				"[image not loaded: gone]", `<a rel="nofollow noreferrer">link</a>`,
			},
			absent:  []string{"cid:"},
			blocked: 1,
		},
		{
			name:   "inline data images",
			in:     `<img src="` + png1x1 + `" alt="dot"><img src="data:image/svg+xml;base64,PHN2Zy8+">`,
			want:   []string{`src="` + png1x1 + `"`},
			absent: []string{"svg"},
			// SVG can carry script: only raster images are shown
			blocked: 1,
		},
		{
			name: "links and layout survive",
			in: `<table width="600" cellpadding="4"><tr><td align="right" bgcolor="#eeeeee"><font color="#333333" face="Arial">` +
				`Claim <b>60-8H77-8H5</b></font></td></tr></table><a href="https://carrier.example/claim">portal</a> <a href="mailto:ann@carrier.example">Ann</a>`,
			want: []string{
				`<table width="600" cellpadding="4">`, `<td align="right" bgcolor="#eeeeee">`, `<font color="#333333" face="Arial">`,
				`href="https://carrier.example/claim"`, `rel="nofollow noreferrer noopener"`, `target="_blank"`, `href="mailto:ann@carrier.example"`,
			},
		},
		{
			name:   "other active content",
			in:     `<object data="x.swf"></object><embed src="x.swf"><svg onload="alert(1)"><script>alert(2)</script></svg><math><mi xlink:href="javascript:alert(3)">m</mi></math><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">`,
			absent: []string{"<object", "<embed", "<svg", "<math", "<base", "<meta", "alert(", "evil.example", "refresh"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, blocked := sanitizeMailHTML(tc.in, 42, images)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			lower := strings.ToLower(out)
			for _, a := range tc.absent {
				if strings.Contains(lower, strings.ToLower(a)) {
					t.Errorf("output has %q:\n%s", a, out)
				}
			}
			if blocked != tc.blocked {
				t.Errorf("%d images blocked, want %d:\n%s", blocked, tc.blocked, out)
			}
		})
	}
}

func TestMailDocumentPolicy(t *testing.T) {
	t.Parallel()
	for _, want := range []string{"default-src 'none'", "img-src 'self' data:", "style-src 'unsafe-inline'", "frame-ancestors 'self'", "form-action 'none'"} {
		if !strings.Contains(mailFrameCSP, want) {
			t.Errorf("mail frame CSP lacks %q", want)
		}
	}
	if strings.Contains(mailFrameCSP, "script") || strings.Contains(mailFrameCSP, "allow-scripts") {
		t.Error("the mail frame's policy lets scripts run")
	}
	doc := mailDocument("<p>x</p>")
	if !strings.HasPrefix(doc, "<!DOCTYPE html>") || !strings.Contains(doc, `<base target="_blank">`) || !strings.Contains(doc, "<p>x</p></body>") {
		t.Errorf("mail document:\n%s", doc)
	}
}

func FuzzSanitizeMailHTML(f *testing.F) {
	f.Add(`<img src="cid:logo@x" onerror="alert(1)"><a href="javascript:x">y</a>`)
	f.Add(`<p style="color:red;background:url(x)">z</p><script>alert(1)</script>`)
	f.Add(`<a href="jav&#x09;ascript:alert(4)">f</a><img src="https://x/y.png">`)
	images := map[string]mailImage{"logo@x": {path: "2", contentType: "image/png"}}
	f.Fuzz(func(t *testing.T, in string) {
		out, _ := sanitizeMailHTML(in, 7, images)
		// Text may say anything; what matters is what a browser would run
		// or load: elements, handlers, URLs and styles.
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			tok := z.Token()
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			switch tok.Data {
			case "script", "style", "iframe", "object", "embed", "link", "meta", "base", "form", "svg":
				t.Fatalf("<%s> in the output of %q:\n%s", tok.Data, in, out)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Fatalf("handler %s in the output of %q:\n%s", a.Key, in, out)
				case a.Key == "style" && (strings.Contains(v, "url(") || strings.Contains(v, "expression")):
					t.Fatalf("style %q in the output of %q:\n%s", a.Val, in, out)
				case (a.Key == "href" || a.Key == "src") && !safeScheme(a.Val):
					t.Fatalf("%s=%q in the output of %q:\n%s", a.Key, a.Val, in, out)
				case a.Key == "src" && (strings.HasPrefix(v, "http") || strings.HasPrefix(v, "//")):
					t.Fatalf("remote image %q in the output of %q:\n%s", a.Val, in, out)
				}
			}
		}
	})
}

// safeScheme reports whether a URL in sanitized mail has a scheme the
// sanitizer allows.
func safeScheme(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
		return true
	case "data":
		return strings.HasPrefix(strings.ToLower(u.Opaque), "image/")
	}
	return false
}
