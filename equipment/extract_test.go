package equipment

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestExtract(t *testing.T) {
	t.Parallel()
	p := func(action, kind string, count int) Proposal {
		return Proposal{Action: action, Kind: kind, Count: count}
	}
	tests := []struct {
		name, subject, body string
		want                []Proposal
	}{
		{"placed counts", "", "Set 6 air movers, 3 dehumidifiers and one air scrubber in the basement.",
			[]Proposal{p(ActionPlaced, AirMover, 6), p(ActionPlaced, Dehumidifier, 3), p(ActionPlaced, AirScrubber, 1)}},
		{"pickup with short names", "", "Hi Dana,\n\nWe picked up 4 air movers and 2 dehus this morning.\n\nThanks,\nMike",
			[]Proposal{p(ActionPickedUp, AirMover, 4), p(ActionPickedUp, Dehumidifier, 2)}},
		{"verb after the item", "", "Dumpster dropped at the Ripley job.", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"pod delivered", "", "The pod was delivered today.", []Proposal{p(ActionPlaced, Pod, 1)}},
		{"storage container is a pod", "", "Delivered 2 portable storage containers.", []Proposal{p(ActionPlaced, Pod, 2)}},
		{"roll-off", "", "30 yard roll-off placed in the driveway", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"words for numbers", "", "Installed five fans and two LGRs.", []Proposal{p(ActionPlaced, AirMover, 5), p(ActionPlaced, Dehumidifier, 2)}},
		{"both ways in one sentence", "", "Pulled 2 air movers, left 4 dehus running.",
			[]Proposal{p(ActionPickedUp, AirMover, 2), p(ActionPlaced, Dehumidifier, 4)}},
		{"afd is a scrubber", "", "HEPA AFD set in the hallway", []Proposal{p(ActionPlaced, AirScrubber, 1)}},
		{"hauled away", "", "The dumpster was hauled away.", []Proposal{p(ActionPickedUp, Dumpster, 1)}},
		{"everything picked up", "", "Equipment removed: 8 airmovers, 3 dehu.",
			[]Proposal{p(ActionPickedUp, AirMover, 8), p(ActionPickedUp, Dehumidifier, 3)}},
		{"spanish pickup", "", "Recogimos 4 ventiladores y 2 deshumidificadores.",
			[]Proposal{p(ActionPickedUp, AirMover, 4), p(ActionPickedUp, Dehumidifier, 2)}},
		{"spanish accents and words", "", "Hoy recogímos tres ventiladores.", []Proposal{p(ActionPickedUp, AirMover, 3)}},
		{"spanish placement", "", "Colocamos 5 ventiladores, 2 deshus y un purificador de aire.",
			[]Proposal{p(ActionPlaced, AirMover, 5), p(ActionPlaced, Dehumidifier, 2), p(ActionPlaced, AirScrubber, 1)}},
		{"spanish container", "", "Se entregó el contenedor esta mañana temprano", nil}, // "mañana" (a plan) is not read as done
		{"spanish container done", "", "Contenedor entregado en 45 Calle Luna", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"future is not done", "", "We will pick up 4 air movers tomorrow.", nil},
		{"request is not done", "", "Can you drop a dumpster at the house?", nil},
		{"please is not done", "", "Please set 2 more dehus.", nil},
		{"negation", "", "We did not pick up the dehumidifiers, they are still running? no", nil},
		{"no equipment", "", "Photos delivered to the adjuster.", nil},
		{"no verb", "", "There are 4 air movers in the kitchen.", nil},
		{"time is not a count", "", "Picked up 2 dehus at 10 am.", []Proposal{p(ActionPickedUp, Dehumidifier, 2)}},
		{"quoted reply ignored", "", "Thanks.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Mike wrote:\n> We set 6 air movers.", nil},
		{"subject of a vendor", "Container delivered - 12 Oak St", "", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"reply subject ignored", "RE: Container delivered", "Thank you.", nil},
		{"same thing twice once", "Dumpster delivered", "Dumpster delivered this morning.", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"additional", "", "Brought 2 additional dehumidifiers.", []Proposal{p(ActionPlaced, Dehumidifier, 2)}},
		// A verb in another clause is about something else: the drywall
		// was pulled, the equipment set.
		{"verb of its own clause", "", "Drywall pulled in the hallway, 3 air movers and a dehu set.",
			[]Proposal{p(ActionPlaced, AirMover, 3), p(ActionPlaced, Dehumidifier, 1)}},
		{"clause without a verb", "", "Removed 4 fans, 2 LGRs and the scrubber this morning.",
			[]Proposal{p(ActionPickedUp, AirMover, 4), p(ActionPickedUp, Dehumidifier, 2), p(ActionPickedUp, AirScrubber, 1)}},
		// The equipment as a whole, no kind named: all the drying
		// equipment still on the job.
		{"all of the equipment pulled", "", "Job is dry. We pulled all of the equipment this afternoon.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"equipment was removed", "", "Drying equipment was removed from the basement today.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"spanish we collected the equipment", "", "Ya recogimos todo el equipo de secado.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"spanish the equipment was taken", "", "El equipo fue retirado esta tarde, la casa quedó seca.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"equipment in the subject", "Pulled equipment - 14 Elm", "", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"equipment pickup planned", "", "We will pull the equipment on Friday.", nil},
		{"equipment pickup asked", "", "Can you confirm the equipment was picked up?", nil},
		{"equipment still there", "", "Equipment has not been removed yet.", nil},
		{"equipment list is a document", "", "Removed the equipment list from the shared folder.", nil},
		{"equipment placed names no kind", "", "Equipment set in the basement.", nil},
		{"spanish team picked up", "", "El equipo recogió los escombros del garaje.", nil},
		{"spanish team has removed", "", "El equipo ha retirado el drywall mojado.", nil},
		{"spanish our team has collected", "", "Nuestro equipo ha recogido la basura.", nil},
		{"spanish never", "", "Nunca retiramos el equipo.", nil},
		{"spanish nor", "", "Ni el equipo fue retirado.", nil},
		{"spanish the equipment has been taken", "", "El equipo ha sido retirado.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"a question", "", "Was the equipment removed? Thanks.", nil},
		{"a spanish question", "", "¿El equipo ya fue retirado?", nil},
		{"after a question", "", "All good? We pulled all the equipment today.", []Proposal{p(ActionPickedUp, AllDrying, 0)}},
		{"a question, then a placement", "", "Did the dehus get removed? We set 3 air movers.", []Proposal{p(ActionPlaced, AirMover, 3)}},
		{"asked for later", "", "Let me know when the equipment is picked up.", nil},
		{"wanted", "", "Homeowner wants the equipment removed.", nil},
		{"reported question", "", "The adjuster asked whether the equipment was removed.", nil},
		{"an order of things", "", "After the equipment is picked up, the homeowner signs the COS.", nil},
		{"items named win", "", "All equipment pulled: 3 air movers and a dehu.",
			[]Proposal{p(ActionPickedUp, AirMover, 3), p(ActionPickedUp, Dehumidifier, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.subject, tt.body)
			for i := range got {
				got[i].Text, got[i].Address = "", ""
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q, %q)\n got %+v\nwant %+v", tt.subject, tt.body, got, tt.want)
			}
		})
	}
}

func TestExtractAddressAndText(t *testing.T) {
	t.Parallel()
	got := Extract("", "Hello,\n20 yd container delivered to 1418 W. Pine Ave, Springfield IL; call with questions.")
	if len(got) != 1 || got[0].Address != "1418 W. Pine Ave, Springfield IL" || got[0].Kind != Dumpster ||
		got[0].Text != "20 yd container delivered to 1418 W. Pine Ave, Springfield IL" {
		t.Fatalf("got %+v", got)
	}
}

func TestAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct{ body, want string }{
		{"The additional dumpster is approved.", ApprovalApproved},
		{"Approved, go ahead with the pod.", ApprovalApproved},
		{"You may proceed.", ApprovalApproved},
		{"Unfortunately the second pod is not approved.", ApprovalDenied},
		{"Request denied: the policy does not cover storage.", ApprovalDenied},
		{"We cannot approve the extra dehumidifiers.", ApprovalDenied},
		{"Aprobado.", ApprovalApproved},
		{"No está aprobado por la póliza.", ApprovalDenied},
		{"Can you send photos of the room first?", ""},
		{"Thanks.\n\nOn Tue Ann wrote:\n> approved", ""},
	}
	for _, tt := range tests {
		if got := Answer(tt.body); got != tt.want {
			t.Errorf("Answer(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestDays(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, loc) }
	tests := []struct {
		name        string
		placed, end time.Time
		want        int
	}{
		{"three nights", at(2, 9), at(5, 16), 3},
		{"same day", at(2, 9), at(2, 17), 1},
		{"late evening is the office's day", at(2, 22), at(3, 8), 1},
		{"across the DST change", at(7, 12), at(9, 12), 2},
		{"picked up before placed", at(5, 9), at(2, 9), 0},
	}
	for _, tt := range tests {
		if got := Days(tt.placed, tt.end, loc); got != tt.want {
			t.Errorf("%s: Days = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// FuzzExtract feeds the extractor any text: it never panics, and what it
// proposes is always a known kind and action, a count in bounds and the
// sender's words, clipped, as valid text.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"Set 6 air movers, 3 dehumidifiers.", "Recogimos 4 ventiladores y 2 deshumidificadores",
		"container delivered to 12 Oak St. Apt 4", "picked up 999 dehus", "Dumpster dropped?", "á\xff 7 pods delivered"} {
		f.Add("", s)
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		for _, p := range Extract(subject, body) {
			all := p.Kind == AllDrying && p.Action == ActionPickedUp && p.Count == 0
			if !all && (!slices.Contains(Kinds, p.Kind) || (p.Action != ActionPlaced && p.Action != ActionPickedUp) ||
				p.Count < 1 || p.Count > maxCount) || len(p.Text) > maxText || len(p.Address) > maxAddress {
				t.Fatalf("proposal %+v", p)
			}
		}
		_ = Answer(body)
	})
}

// Every item word the item pattern reads has a stem mayNameItems looks
// for: a message naming one is read.
func TestItemStemsCoverEveryItemWord(t *testing.T) {
	t.Parallel()
	for _, w := range []string{
		"air mover", "airmover", "air movers", "airmovers", "fan", "fans", "blower", "blowers", "ventiladores", "ventilador",
		"abanico", "abanicos", "movedores de aire", "dehumidifier", "dehumidifiers", "dehus", "dehu", "dehum", "dehums",
		"lgr", "lgrs", "deshumidificadores", "deshumidificador", "deshu", "deshus", "air scrubber", "air scrubbers",
		"scrubber", "scrubbers", "afd", "afds", "air filtration device", "air filtration devices", "hepa", "hepa unit",
		"hepa machines", "negative air", "negative air machine", "purificador de aire", "purificadores de aire",
		"depurador de aire", "depuradores de aire", "depurador", "depuradores", "pod", "pods", "storage container",
		"storage containers", "portable storage", "portable storage unit", "portable storage containers",
		"contenedor de almacenamiento", "contenedores de almacenamiento", "dumpster", "dumpsters", "roll-off", "roll off",
		"rolloff", "rolloffs", "roll-off container", "roll-off dumpsters", "container", "containers", "contenedor",
		"contenedores", "volquete", "volquetes",
	} {
		if !item.MatchString(w) {
			t.Errorf("%q is not an item word", w)
		}
		if !mayNameItems(fold("Set 2 " + w + " today")) {
			t.Errorf("%q: no stem found", w)
		}
	}
	if mayNameItems(fold("Please send the signed work authorization and photos of the kitchen.")) {
		t.Error("a request for documents may name items")
	}
}

// BenchmarkExtract reads a message that names no equipment and one that
// does, as every message filed to a claim is read.
func BenchmarkExtract(b *testing.B) {
	body := strings.Repeat("Hi Dana,\n\nPlease send the signed work authorization and the moisture map for the kitchen. "+
		"The adjuster asked for photos of the baseboards before Friday.\n\n", 8) + "Thanks,\nMike"
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			if len(Extract("Claim 60-8H77-8H5", body)) != 0 {
				b.Fatal("read equipment")
			}
		}
	})
	b.Run("named", func(b *testing.B) {
		named := "We picked up 4 air movers and 2 dehus this morning.\n\n" + body
		for b.Loop() {
			if len(Extract("Claim 60-8H77-8H5", named)) == 0 {
				b.Fatal("read no equipment")
			}
		}
	})
}
