package classify_test

import (
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/outbox"
)

// officeTemplates are the built-in acknowledgment and update templates,
// subjects and bodies, as the pipeline hands them to UpdateCheck.
var officeTemplates = func() []string {
	return outbox.TemplateWords(outbox.OfficeReplyTemplates(nil))
}()

var claimWords = []string{"Kevin Castillo", "26-1001-WTR", "60-8H77-8H5", "Jennifer Anderson", "6345 Birch Rd, Plano, TX 75023", "claims+26-1001-WTR@smrestore.example"}

func TestIsUpdate(t *testing.T) {
	t.Parallel()
	check := classify.UpdateCheck{Templates: officeTemplates, Known: claimWords}
	tests := []struct {
		name, body string
		want       bool
	}{
		{"ack template filled", "Hello Jennifer,\n\nThank you for your message about our job 26-1001-WTR (Kevin Castillo), claim 60-8H77-8H5. We have received it and will get back to you shortly.\n\nDocuments and photos for this job can be sent to claims+26-1001-WTR@smrestore.example.\n\nBest regards,\nMaria Lopez\n", false},
		{"ack template in spanish, as sent before", "Hola Jennifer:\n\nGracias por su mensaje sobre nuestro trabajo 26-1001-WTR (Kevin Castillo), reclamación 60-8H77-8H5. Lo hemos recibido y le responderemos en breve.\n\n¿Necesita algo urgente? Llámenos por teléfono.\n\nAtentamente,\nMaria\n", false},
		{"ack template in spanish", "Hola Jennifer:\n\nGracias por su mensaje sobre nuestro trabajo 26-1001-WTR (Kevin Castillo), reclamación 60-8H77-8H5. Lo hemos recibido y le responderemos en breve.\n\n¿Necesita algo urgente? Llámenos al (612) 555-0100.\n\nAtentamente,\nMaria\n", false},
		{"update template unchanged", "Hello Jennifer,\n\nHere is today's update on job 26-1001-WTR for Kevin Castillo, claim 60-8H77-8H5:\n\n- Work done today:\n- Drying / readings:\n- Next steps:\n\nPlease let us know if you have any questions.\n\nBest regards,\nMaria\n", false},
		{"corpus acknowledgment", "Thank you, we received your email and will follow up shortly.\n\nAlexis Moreno\n", false},
		{"two-line reply", "Got it, thanks. We'll look into it and get back to you.\n\nMaria", false},
		{"received with quote", "Received, thank you!\n\nOn Mon, Nov 2, 2026 at 9:00 AM Jennifer Anderson <janderson@statefarm.example> wrote:\n> The drywall in the kitchen was removed, moisture readings 18%, three air movers running.", false},
		{"update filled", "Hello Jennifer,\n\nHere is today's update on job 26-1001-WTR for Kevin Castillo, claim 60-8H77-8H5:\n\n- Work done today: removed wet drywall in the kitchen and hallway\n- Drying / readings: subfloor at 19%, down from 32%\n- Next steps: pull equipment Friday if dry standard is met\n\nBest regards,\nMaria\n", true},
		{"short update with facts", "Jennifer, technician set 4 air movers and 2 dehumidifiers in the kitchen today; readings tomorrow.", true},
		{"spanish update", "Hola Jennifer:\n\nHoy retiramos el piso laminado de la cocina y colocamos 3 ventiladores. Las lecturas bajaron a 20%.\n\nAtentamente,\nMaria", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := check.IsUpdate(tt.body); got != tt.want {
				t.Errorf("IsUpdate = %v, want %v (new words %q)", got, tt.want, check.NewWords(tt.body))
			}
		})
	}
}

// TestAckTemplateNeverAnUpdate fills the acknowledgment template with
// every kind of value a claim may give it: it never counts as an update.
func TestAckTemplateNeverAnUpdate(t *testing.T) {
	t.Parallel()
	names := [][]string{
		{"Kevin Castillo", "26-1001-WTR", "60-8H77-8H5", "Jennifer"},
		{"Sofía O'Brien-Hernández", "26-2044-MLD", "LA123-456789-01", "Guadalupe"},
		{"", "", "", ""},
	}
	for _, n := range names {
		check := classify.UpdateCheck{Templates: officeTemplates, Known: n}
		for _, body := range []string{
			"Hello " + n[3] + ",\n\nThank you for your message about our job " + n[1] + " (" + n[0] + "), claim " + n[2] + ". We have received it and will get back to you shortly.\n\nBest regards,\nAna Coordinator\n",
			"Hola " + n[3] + ":\n\nGracias por su mensaje sobre nuestro trabajo " + n[1] + " (" + n[0] + "), reclamación " + n[2] + ". Lo hemos recibido y le responderemos en breve.\n\nAtentamente,\nAna\n",
		} {
			if check.IsUpdate(body) {
				t.Errorf("acknowledgment counted as an update: new words %q in %q", check.NewWords(body), body)
			}
		}
	}
}

func TestEmptyPlaceholders(t *testing.T) {
	t.Parallel()
	got := classify.EmptyPlaceholders("Hi,\n\n- Work done today: demo\n- Drying / readings:\n* Next steps:\n")
	if want := []string{"Drying / readings", "Next steps"}; !slices.Equal(got, want) {
		t.Errorf("placeholders %q, want %q", got, want)
	}
}

func TestShortUpdateWithTemplateWords(t *testing.T) {
	t.Parallel()
	check := classify.UpdateCheck{Templates: officeTemplates, Known: claimWords}
	if body := "Drying day 2: readings down."; !check.IsUpdate(body) {
		t.Errorf("%q is not an update (new words %q)", body, check.NewWords(body))
	}
}

// A mail's own text is what its sender wrote: an Outlook reply's HTML
// read as text, without its greeting, sign-off, signature and the message
// it quotes.
func TestOwnText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, body, want string }{
		{"plain reply", "Hi Ann,\n\nCarpet pulled, 3 air movers running.\n\nThanks,\nDana\n\nOn Mon, Mar 2 Ann wrote:\n> status?", "Carpet pulled, 3 air movers running."},
		{"outlook html", `<html><body><p>Hello Ann,</p><p>Readings down to 14%.</p><p>Kind regards,<br>Dana Cruz<br>Coordinator</p>` +
			`<div><b>From:</b> Ann &lt;ann@carrier.example&gt;<br><b>Sent:</b> Monday<br><b>Subject:</b> status</div><p>How is it?</p></body></html>`, "Readings down to 14%."},
		{"signature without sign-off", "Equipment picked up today.\n\nDana Cruz\nClaims Coordinator", "Equipment picked up today."},
	} {
		if got := classify.OwnText(c.body); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
