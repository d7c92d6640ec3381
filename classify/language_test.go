package classify

import "testing"

func TestLooksSpanish(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		"Hola, aquí está el ATR firmado por la propietaria. Saludos": true,
		"Adjunto el certificado firmado del cliente":                 true,
		"Hi, here is the signed ATR from the homeowner. Thanks":      false,
		"ATR": false,
		"Here is the contrato, signed by the homeowner, see you on the site": false,
	} {
		if got := LooksSpanish(text); got != want {
			t.Errorf("LooksSpanish(%q) = %v, want %v", text, got, want)
		}
	}
}
