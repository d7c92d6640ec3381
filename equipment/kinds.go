package equipment

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Kinds of equipment, the API's strings.
const (
	AirMover     = "air_mover"
	Dehumidifier = "dehumidifier"
	AirScrubber  = "air_scrubber"
	Dumpster     = "dumpster"
	Pod          = "pod"
	Other        = "other"
)

// Kinds are every kind, in the order the claim page offers them.
var Kinds = []string{AirMover, Dehumidifier, AirScrubber, Dumpster, Pod, Other}

// AllDrying is the kind of a pickup that names no kind, the equipment as a
// whole ("equipment picked up", "recogimos el equipo"): all the drying
// equipment still on the job. It is never the kind of a line of the log.
const AllDrying = ""

// dryingKinds dry the job out: their pickup is the job's equipment pickup,
// when the COS is signed. Dumpsters and pods leave on their own schedule.
var dryingKinds = []string{AirMover, Dehumidifier, AirScrubber}

// IsDrying reports whether kind is drying equipment.
func IsDrying(kind string) bool { return slices.Contains(dryingKinds, kind) }

// IsHauled reports whether kind is swapped by a hauler (the full one taken
// away, an empty one dropped) while the rental goes on: dumpsters and pods.
func IsHauled(kind string) bool { return kind == Dumpster || kind == Pod }

// DryingKinds returns the kinds whose pickup is the job's equipment pickup.
func DryingKinds() []string { return slices.Clone(dryingKinds) }

// Approval states of an item: whether the carrier must approve it, and its
// answer.
const (
	ApprovalNotNeeded = "not_needed"
	ApprovalRequested = "requested"
	ApprovalApproved  = "approved"
	ApprovalDenied    = "denied"
)

// Approvals are every approval state.
var Approvals = []string{ApprovalNotNeeded, ApprovalRequested, ApprovalApproved, ApprovalDenied}

// KindLabel is how the pages name a kind.
func KindLabel(kind string) string {
	switch kind {
	case AirMover:
		return "Air mover"
	case Dehumidifier:
		return "Dehumidifier"
	case AirScrubber:
		return "Air scrubber"
	case Dumpster:
		return "Dumpster"
	case Pod:
		return "Pod"
	}
	return "Other"
}

// Describe names a line of the log in a sentence: "2 × dehumidifier
// (Sunbelt), for the basement".
func Describe(kind string, count int, vendor, note string) string {
	s := fmt.Sprintf("%d × %s", count, strings.ToLower(KindLabel(kind)))
	if vendor != "" {
		s += " (" + vendor + ")"
	}
	if note != "" {
		s += ", " + note
	}
	return s
}

// Days is how many days an item placed at placed is billed for when it
// ends at end (its pickup, or now while it is on the job): the calendar
// days between the two dates in the office's zone loc, and at least one,
// since an item placed and picked up the same day is billed for that day.
// It is 0 when end is before placed (a date typed wrong).
func Days(placed, end time.Time, loc *time.Location) int {
	if end.Before(placed) {
		return 0
	}
	p, e := placed.In(loc), end.In(loc)
	from := time.Date(p.Year(), p.Month(), p.Day(), 12, 0, 0, 0, time.UTC)
	to := time.Date(e.Year(), e.Month(), e.Day(), 12, 0, 0, 0, time.UTC)
	return max(1, int(to.Sub(from).Hours()/24+0.5))
}
