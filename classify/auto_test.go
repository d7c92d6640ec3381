package classify

import "testing"

func TestIsBulkOrAutoAndNeedsAck(t *testing.T) {
	t.Parallel()
	person := addr("Rita Moreno <rmoreno@chubb.example>")
	tests := []struct {
		name     string
		msg      Message
		bulk     bool
		needsAck bool
	}{
		{"adjuster writes", Message{From: person, Subject: "Claim 040523012345", Text: "Any update?"}, false, true},
		{"customer in Spanish", Message{From: addr("Ana <ana@gmail.example>"), Subject: "¿Cuándo recogen los equipos?", Text: "Hola"}, false, true},
		{"staff", Message{From: addr("hvilla@" + office), Subject: "photos"}, false, false},
		{"staff from a subdomain", Message{From: addr("hvilla@mail." + office), Subject: "photos"}, false, false},
		{"Auto-Submitted auto-replied", Message{From: person, Headers: map[string]string{"Auto-Submitted": "auto-replied"}}, true, false},
		{"Auto-Submitted no", Message{From: person, Headers: map[string]string{"Auto-Submitted": "no"}}, false, true},
		{"header key case", Message{From: person, Headers: map[string]string{"auto-submitted": "auto-generated"}}, true, false},
		{"Precedence bulk", Message{From: person, Headers: map[string]string{"Precedence": "bulk"}}, true, false},
		{"Precedence list", Message{From: person, Headers: map[string]string{"Precedence": "list"}}, true, false},
		{"Precedence junk", Message{From: person, Headers: map[string]string{"Precedence": "junk"}}, true, false},
		{"List-Unsubscribe", Message{From: addr("news@riweekly.example"), Headers: map[string]string{"List-Unsubscribe": "<mailto:u@x>"}}, true, false},
		{"List-Id", Message{From: addr("group@lists.example"), Headers: map[string]string{"List-Id": "<restorers.lists.example>"}}, true, false},
		{"X-Autoreply", Message{From: person, Headers: map[string]string{"X-Autoreply": "yes"}}, true, false},
		{"X-Autorespond", Message{From: person, Headers: map[string]string{"X-Autorespond": "vacation"}}, true, false},
		{"X-Auto-Response-Suppress", Message{From: person, Headers: map[string]string{"X-Auto-Response-Suppress": "DR, RN, NRN, OOF, AutoReply"}}, true, false},
		{"empty Return-Path", Message{From: person, Headers: map[string]string{"Return-Path": "<>"}}, true, false},
		{"delivery report", Message{From: person, Headers: map[string]string{"Content-Type": "multipart/report; report-type=delivery-status"}}, true, false},
		{"noreply", Message{From: addr("noreply@carrier.example"), Subject: "Claim 123456789"}, true, false},
		{"no-reply", Message{From: addr("no-reply@carrier.example")}, true, false},
		{"do-not-reply prefix", Message{From: addr("donotreply-claims@carrier.example")}, true, false},
		{"mailer-daemon", Message{From: addr("MAILER-DAEMON@mx.example")}, true, false},
		{"postmaster", Message{From: addr("postmaster@mx.example")}, true, false},
		{"XactAnalysis platform", Message{From: addr("XactAnalysis <assignments@xactanalysis.example>"), Subject: "Assignment"}, true, false},
		{"Out of Office subject", Message{From: person, Subject: "Out of Office: RE: Claim update"}, true, false},
		{"Automatic reply subject", Message{From: person, Subject: "Automatic reply: Claim update"}, true, false},
		{"Spanish automatic reply", Message{From: person, Subject: "Respuesta automática: RE: reclamo"}, true, false},
		{"Spanish out of office", Message{From: person, Subject: "Fuera de la oficina: RE: reclamo"}, true, false},
		{"undeliverable", Message{From: person, Subject: "Undeliverable: Claim update"}, true, false},
		{"system wording", Message{From: addr("claims@carrier.example"), Subject: "Payment issued", Text: "This is an automated message. Please do not reply to this email."}, true, false},
		{"Spanish system wording", Message{From: addr("avisos@aseguradora.example"), Subject: "Pago emitido", Text: "Este es un mensaje automático, por favor no responda a este correo."}, true, false},
		{"a person out of the office still writes", Message{From: person, Subject: "RE: Claim update", Text: "I am out of the office today, but please send the scope to my colleague."}, false, true},
		{"a person forwarding a system mail still wants an answer", Message{From: person, Subject: "Fwd: Payment issued",
			Text: "Can you confirm you got this?\n\n---------- Forwarded message ---------\nFrom: noreply@carrier.example\nSubject: Payment issued\n\nThis is an automated message. Please do not reply to this email."}, false, true},
		{"subject merely mentions an office", Message{From: person, Subject: "Office water damage at 12 Harbor Ct"}, false, true},
		{"no sender", Message{Subject: "hello"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bulk, why := IsBulkOrAuto(&tt.msg)
			if bulk != tt.bulk {
				t.Errorf("IsBulkOrAuto = %v (%s), want %v", bulk, why, tt.bulk)
			}
			if bulk && why == "" {
				t.Errorf("no reason")
			}
			if got := NeedsAck(&tt.msg, office); got != tt.needsAck {
				t.Errorf("NeedsAck = %v, want %v", got, tt.needsAck)
			}
		})
	}
}
