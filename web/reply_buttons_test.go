package web

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/outbox"
)

// TestTemplatesPageNamesTheButtonsThatWriteThem: the templates page says
// which buttons write the acknowledgment and the daily update, by the
// words those buttons show: the mail program's links while the office
// does not send from claimdesk, the send buttons once it does.
func TestTemplatesPageNamesTheButtonsThatWriteThem(t *testing.T) {
	t.Parallel()
	t.Run("without sending", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.addAdmin(t, "ada@office.example", "correct horse battery")
		c := b.client(t)
		b.login(t, c, "ada@office.example", "correct horse battery")
		_, body := b.do(t, c, "GET", "/settings/templates", nil, nil)
		body = html.UnescapeString(body)
		for _, want := range []string{"“" + buttonReplyByEmail + "”", "“" + emailButton(outbox.SampleReplyFields().AdjusterFirstName) + "”"} {
			if !strings.Contains(body, want) {
				t.Errorf("templates page does not name the button %s", want)
			}
		}
		for _, absent := range []string{buttonAcknowledge, buttonSendUpdate} {
			if strings.Contains(body, absent) {
				t.Errorf("templates page names %q, a button an office that does not send has not", absent)
			}
		}
	})
	t.Run("with sending", func(t *testing.T) {
		t.Parallel()
		b := setupReplies(t)
		_, body := b.do(t, b.c, "GET", "/settings/templates", nil, nil)
		body = html.UnescapeString(body)
		for _, want := range []string{"“" + buttonAcknowledge + "”", "“" + buttonSendUpdate + "”"} {
			if !strings.Contains(body, want) {
				t.Errorf("templates page does not name the button %s", want)
			}
		}
		_, page := b.do(t, b.c, "GET", fmt.Sprintf("/messages/%d", b.waiting[0]), nil, nil)
		if !strings.Contains(page, ">"+buttonAcknowledge+"</button>") {
			t.Errorf("the message page has no %q button", buttonAcknowledge)
		}
	})
}
