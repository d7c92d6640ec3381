package outbox

import (
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

func TestFormRecipient(t *testing.T) {
	t.Parallel()
	tech := storage.ClaimParticipant{Role: "technician", Name: "Luis Ortega", Email: "luis@field.example"}
	tech2 := storage.ClaimParticipant{Role: "technician", Name: "Ana Ruiz", Email: "ana@field.example"}
	foreman := storage.ClaimParticipant{Role: "foreman", Name: "Frank", Email: "frank@field.example"}
	adjuster := storage.ClaimParticipant{Role: "adjuster", Name: "Ann", Email: "ann@carrier.example"}
	from := func(addr string) *storage.ThreadMessage {
		return &storage.ThreadMessage{Direction: "in", FromAddress: addr, FromName: "Sender"}
	}
	cases := []struct {
		name   string
		people []storage.ClaimParticipant
		thread *storage.ThreadMessage
		want   string
	}{
		{"the technician who sent it", []storage.ClaimParticipant{foreman, tech, tech2}, from("ANA@field.example"), "ana@field.example"},
		{"the first technician before the foreman", []storage.ClaimParticipant{foreman, tech, tech2}, from("office@x.example"), "luis@field.example"},
		{"the foreman", []storage.ClaimParticipant{adjuster, foreman}, from("crew@x.example"), "frank@field.example"},
		{"the sender", []storage.ClaimParticipant{adjuster}, from("crew@x.example"), "crew@x.example"},
		{"no one", []storage.ClaimParticipant{adjuster}, &storage.ThreadMessage{Direction: "out", FromAddress: "claims@office.example"}, ""},
	}
	for _, c := range cases {
		if got, _ := formRecipient(c.people, c.thread); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
