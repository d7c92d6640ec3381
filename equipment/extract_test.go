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
		{"spanish container this morning", "", "Se entregó el contenedor esta mañana temprano", []Proposal{p(ActionPlaced, Dumpster, 1)}},
		{"spanish tomorrow", "", "Se entrega el contenedor mañana", nil},
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
			got := extract(tt.subject, tt.body)
			for i := range got {
				got[i].Text, got[i].Address, got[i].At = "", "", time.Time{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q, %q)\n got %+v\nwant %+v", tt.subject, tt.body, got, tt.want)
			}
		})
	}
}

// mailSent is when the test's mail was written: Fri Dec 4 2026, 10:15 in
// Chicago, 16:15 UTC.
var mailSent = time.Date(2026, 12, 4, 16, 15, 0, 0, time.UTC)

func chicago(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// extract reads a mail written at mailSent, in Chicago.
func extract(subject, body string) []Proposal {
	loc, _ := time.LoadLocation("America/Chicago")
	return Extract(subject, body, mailSent, loc)
}

func TestExtractAddressAndText(t *testing.T) {
	t.Parallel()
	got := extract("", "Hello,\n20 yd container delivered to 1418 W. Pine Ave, Springfield IL; call with questions.")
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
		for _, p := range extract(subject, body) {
			all := p.Kind == AllDrying && p.Action == ActionPickedUp && p.Count == 0
			if !all && (!slices.Contains(Kinds, p.Kind) || (p.Action != ActionPlaced && p.Action != ActionPickedUp) ||
				p.Count < 0 || p.Count > maxCount) || len(p.Text) > maxText || len(p.Address) > maxAddress || p.At.After(mailSent) {
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
			if len(extract("Claim 60-8H77-8H5", body)) != 0 {
				b.Fatal("read equipment")
			}
		}
	})
	b.Run("named", func(b *testing.B) {
		named := "We picked up 4 air movers and 2 dehus this morning.\n\n" + body
		for b.Loop() {
			if len(extract("Claim 60-8H77-8H5", named)) == 0 {
				b.Fatal("read no equipment")
			}
		}
	})
}

// A customer telling how the equipment is doing reports no equipment
// come or gone, nor does a technician's remark about the job beside the
// equipment it set.
func TestExtractStatusRemarks(t *testing.T) {
	t.Parallel()
	p := func(action, kind string, count int) Proposal {
		return Proposal{Action: action, Kind: kind, Count: count}
	}
	tests := []struct {
		body string
		want []Proposal
	}{
		{"Hi, the dehumidifier upstairs has had an orange light on since this morning and the fans are still running", nil},
		{"The fans you set up are still running.", nil},
		{"The air movers are running day and night, can we turn them down", nil},
		{"The dehu has been beeping since last night.", nil},
		{"The dehumidifier keeps tripping the breaker in the laundry.", nil},
		{"I unplugged the fans in the bedroom.", nil},
		{"Los ventiladores siguen prendidos.", nil},
		{"El deshumidificador tiene una luz naranja.", nil},
		{"6 air movers and 2 dehus running.", []Proposal{p(ActionPlaced, AirMover, 6), p(ActionPlaced, Dehumidifier, 2)}},
		{"Set 4 air movers, the subfloor is still wet.", []Proposal{p(ActionPlaced, AirMover, 4)}},
		{"Stopped by and set 2 dehus.", []Proposal{p(ActionPlaced, Dehumidifier, 2)}},
		{"The dehu is set on the landing.", []Proposal{p(ActionPlaced, Dehumidifier, 1)}},
		{"4 air movers went in on the first floor.", []Proposal{p(ActionPlaced, AirMover, 4)}},
		{"Put in 3 fans and an LGR.", []Proposal{p(ActionPlaced, AirMover, 3), p(ActionPlaced, Dehumidifier, 1)}},
		{"Put in a request for 2 more dehus.", nil},
		{"Placed an order for a 20 yard dumpster.", nil},
		{"As requested, 2 more dehus were set.", []Proposal{p(ActionPlaced, Dehumidifier, 2)}},
	}
	for _, tt := range tests {
		got := extract("", tt.body)
		for i := range got {
			got[i].Text, got[i].Address, got[i].At = "", "", time.Time{}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Extract(%q)\n got %+v\nwant %+v", tt.body, got, tt.want)
		}
	}
}

// A kind in the plural without a number leaves the count to a person: 0,
// never 1.
func TestExtractCounts(t *testing.T) {
	t.Parallel()
	p := func(kind string, count int) Proposal { return Proposal{Action: ActionPlaced, Kind: kind, Count: count} }
	tests := []struct {
		body string
		want []Proposal
	}{
		{"Your guys set up fans and a dehumidifier in my upstairs bedroom yesterday", []Proposal{p(AirMover, 0), p(Dehumidifier, 1)}},
		{"Set 4 air movers.", []Proposal{p(AirMover, 4)}},
		{"Dropped off two dehus.", []Proposal{p(Dehumidifier, 2)}},
		{"Installed both dehumidifiers in the basement.", []Proposal{p(Dehumidifier, 2)}},
		{"Placed air movers and dehumidifiers throughout.", []Proposal{p(AirMover, 0), p(Dehumidifier, 0)}},
		{"Set the LGR in the hall.", []Proposal{p(Dehumidifier, 1)}},
		{"HEPA units deployed in the crawlspace.", []Proposal{p(AirScrubber, 0)}},
		{"Colocamos ventiladores en la sala.", []Proposal{p(AirMover, 0)}},
		{"Set twelve blowers and 3 AFDs.", []Proposal{p(AirMover, 12), p(AirScrubber, 3)}},
	}
	for _, tt := range tests {
		got := extract("", tt.body)
		for i := range got {
			got[i].Text, got[i].Address, got[i].At, got[i].Day = "", "", time.Time{}, false
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Extract(%q)\n got %+v\nwant %+v", tt.body, got, tt.want)
		}
	}
}

// The day a sentence names is read from the day the mail was written
// (Fri Dec 4 2026, 10:15 in Chicago), on the office's clock.
func TestExtractDay(t *testing.T) {
	t.Parallel()
	loc := chicago(t)
	noon := func(month time.Month, day, year int) time.Time { return time.Date(year, month, day, 12, 0, 0, 0, loc) }
	tests := []struct {
		body string
		want time.Time // zero: nothing read
	}{
		{"Set 4 air movers.", mailSent},
		{"Set 4 air movers this morning.", mailSent},
		{"Set 4 air movers today.", mailSent},
		{"Your guys set up fans yesterday.", noon(time.December, 3, 2026)},
		{"Dropped off 2 dehus last night.", noon(time.December, 3, 2026)},
		{"Set 2 dehus the day before yesterday.", noon(time.December, 2, 2026)},
		{"We set 4 air movers on Monday.", noon(time.November, 30, 2026)},
		{"Dumpster delivered Friday.", noon(time.November, 27, 2026)},
		{"4 air movers went in Mon Nov 30.", noon(time.November, 30, 2026)},
		{"Placed 3 dehus November 28th.", noon(time.November, 28, 2026)},
		{"Placed 3 dehus on 11/29.", noon(time.November, 29, 2026)},
		{"Placed 3 dehus on 12/04/2026.", mailSent},
		{"Colocamos 3 ventiladores ayer.", noon(time.December, 3, 2026)},
		{"Colocamos 3 ventiladores el lunes.", noon(time.November, 30, 2026)},
		{"Entregamos el contenedor el 30 de noviembre.", noon(time.November, 30, 2026)},
		{"Recogimos 4 ventiladores esta mañana.", mailSent},
		{"Dumpster delivered Dec 8.", time.Time{}}, // after the mail: not happened yet
		{"6 air movers and 2 dehus running 24/7.", mailSent},
		{"Marked 3 fans placed in the log.", mailSent}, // "mar" is no month here
	}
	for _, tt := range tests {
		got := Extract("", tt.body, mailSent, loc)
		switch {
		case tt.want.IsZero() && len(got) != 0:
			t.Errorf("Extract(%q) = %+v, want nothing", tt.body, got)
		case !tt.want.IsZero() && (len(got) == 0 || !got[0].At.Equal(tt.want)):
			t.Errorf("Extract(%q) = %+v, want at %v", tt.body, got, tt.want)
		}
	}
	// A mail of Jan 2 speaks of last December.
	jan2 := time.Date(2027, 1, 2, 15, 0, 0, 0, time.UTC)
	if got := Extract("", "Pulled 4 air movers Dec 30.", jan2, loc); len(got) != 1 || !got[0].At.Equal(noon(time.December, 30, 2026)) {
		t.Errorf("Dec 30 in a mail of Jan 2: %+v", got)
	}
	// Late evening in Chicago is already the next day in UTC: yesterday is
	// the office's yesterday.
	evening := time.Date(2026, 12, 5, 3, 30, 0, 0, time.UTC) // Fri Dec 4 21:30 in Chicago
	if got := Extract("", "Set 2 dehus yesterday.", evening, loc); len(got) != 1 || !got[0].At.Equal(noon(time.December, 3, 2026)) {
		t.Errorf("yesterday in a mail of Fri 21:30: %+v", got)
	}
}

// A day named without a time is that day alone: the proposal says so
// (Day), and pages tell the day without an hour. A time the sentence
// gives is kept, on the day it names (mail of Fri Dec 4 2026, 10:15 in
// Chicago).
func TestExtractTimeOfDay(t *testing.T) {
	t.Parallel()
	loc := chicago(t)
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, time.December, day, hour, minute, 0, 0, loc)
	}
	tests := []struct {
		body string
		want time.Time // zero: nothing read
		day  bool
	}{
		{"Your guys set up fans yesterday.", at(3, 12, 0), true},
		{"We set 4 air movers on Monday.", time.Date(2026, time.November, 30, 12, 0, 0, 0, loc), true},
		{"Colocamos 3 ventiladores ayer.", at(3, 12, 0), true},
		{"Set 4 air movers yesterday at 3pm.", at(3, 15, 0), false},
		{"Dumpster delivered Thursday around 4:30 p.m.", at(3, 16, 30), false},
		{"Pulled 2 dehus yesterday 17:45.", at(3, 17, 45), false},
		{"Set 4 air movers at 7:30 am.", at(4, 7, 30), false},
		{"Set 4 air movers.", mailSent, false},
		{"Set 4 air movers at 3pm.", time.Time{}, false}, // later than the mail: not happened yet
		{"Set 4 air movers yesterday, 20 amps on the circuit.", at(3, 12, 0), true},
	}
	for _, tt := range tests {
		got := Extract("", tt.body, mailSent, loc)
		switch {
		case tt.want.IsZero() && len(got) != 0:
			t.Errorf("Extract(%q) = %+v, want nothing", tt.body, got)
		case !tt.want.IsZero() && (len(got) == 0 || !got[0].At.Equal(tt.want) || got[0].Day != tt.day):
			t.Errorf("Extract(%q) = %+v, want at %v, day alone %v", tt.body, got, tt.want, tt.day)
		}
	}
	if got := OnDay(time.Date(2026, 12, 5, 3, 30, 0, 0, time.UTC), loc); !got.Equal(at(4, 12, 0)) {
		t.Errorf("OnDay of Fri 21:30 in Chicago = %v, want Fri Dec 4 at %d:00", got, dayHour)
	}
}
