package main

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"
)

// inboxData is the demo's shared claims inbox, and sentData the office's
// mail in its Sent folder, as their files describe them.
var (
	//go:embed inbox.txt
	inboxData string
	//go:embed sent.txt
	sentData string
)

// mailSpec is one message of inbox.txt or sent.txt: its headers as
// written and its parts.
type mailSpec struct {
	what    string // its === line: what the message is
	headers [][2]string
	parts   []partSpec
}

// partSpec is one part of a message: its --- line and its text.
type partSpec struct {
	spec, text string
}

// header returns the value of the message's header k; "" when it has none.
func (m mailSpec) header(k string) string {
	for _, h := range m.headers {
		if h[0] == k {
			return h[1]
		}
	}
	return ""
}

// parseSpecs reads the messages of file, whose text is data.
func parseSpecs(file, data string) ([]mailSpec, error) {
	var out []mailSpec
	var text []string // the lines of the last part read
	endPart := func() {
		if n := len(out); n > 0 && len(out[n-1].parts) > 0 {
			out[n-1].parts[len(out[n-1].parts)-1].text = joinLines(text)
		}
		text = nil
	}
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			endPart()
			out = append(out, mailSpec{what: line[4:]})
		case len(out) == 0:
			if line != "" && !strings.HasPrefix(line, "#") {
				return nil, fmt.Errorf("%s:%d: text before the first message", file, i+1)
			}
		case strings.HasPrefix(line, "--- "):
			endPart()
			m := &out[len(out)-1]
			m.parts = append(m.parts, partSpec{spec: line[4:]})
		case len(out[len(out)-1].parts) == 0:
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("%s:%d: want a header, got %q", file, i+1, line)
			}
			m := &out[len(out)-1]
			m.headers = append(m.headers, [2]string{k, strings.TrimPrefix(v, " ")})
		default:
			text = append(text, line)
		}
	}
	endPart()
	return out, nil
}

// joinLines joins a part's lines with newlines, but a line ending in \
// goes on in the next.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if s, cont := strings.CutSuffix(l, `\`); cont {
			b.WriteString(s)
			continue
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// signature closes the coordinator's mail.
const signature = "Beth Lund\nClaims Coordinator | Northstar Restoration\n(612) 555-0100 | claims@demo-restoration.example"

// fill runs a part's text as a template over what the generator works
// out (the Okafor estimate's total) and the coordinator's signature.
func fill(text string) (string, error) {
	t, err := template.New("").Option("missingkey=error").Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, map[string]string{"OkaforRCV": money(okaforTotal()), "Sig": signature})
	return b.String(), err
}
