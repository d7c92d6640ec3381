package classify

import "testing"

// TestPrefiltersKeepEveryMatch checks that the cheap checks run before
// costly expressions never rule out text the expression matches, in odd
// cases and letters that fold.
func TestPrefiltersKeepEveryMatch(t *testing.T) {
	t.Parallel()
	forwards := []string{
		"---------- Forwarded message ---------", "-----Original Message-----", "> * _ Begin forwarded message:",
		"MENSAJE REENVIADO", "Inicio del mensaje reenviado:", "--ORIGINAL message", "Hello there", "",
	}
	for _, l := range forwards {
		if fwdMarkerRe.MatchString(l) && !mayMarkForward(l) {
			t.Errorf("mayMarkForward(%q) = false, but fwdMarkerRe matches", l)
		}
	}
	bodies := []string{
		"This is an AUTOMATED message.", "this email was sent from an unmonitored mailbox", "Please DO NOT REPLY to this email",
		"Este es un mensaje automático", "Por favor no responda a este correo", "This is a ſystem-generated notification",
		"This is a System generated email", "Notificación Automática", "See you at the loss site.",
	}
	for _, b := range bodies {
		if autoBodyRe.MatchString(b) && !mayBeSystemWording(b) {
			t.Errorf("mayBeSystemWording(%q) = false, but autoBodyRe matches", b)
		}
	}
	if mayBeSystemWording("See you at the loss site.") || mayMarkForward("Hello there") {
		t.Error("a plain line is not ruled out before the expression runs")
	}
}
