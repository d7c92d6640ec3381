package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// job is what the field and the estimator send the office on one claim:
// the signed ATP, the 24-hour scope, drying logs, the estimate with its
// ESX and sketch, and the office's own invoice, each drawn from the rooms
// the loss touched. A zero time leaves that document out.
type job struct {
	key          string // the suffix of its sources' names: "herrera"
	c            claim
	tech, signer string
	atp, scope   time.Time
	category     string // as the scope writes them: "Category 1 (clean water)"
	class        string
	source       string // the source of the loss
	level        string // the sketch's floor
	rooms        []room
	equipment    []string // what the scope lists as placed
	// airMovers and dehus run for days, as the estimate bills them.
	airMovers, dehus, days int
	points                 []string  // where the drying logs read
	wet                    []float64 // the first readings, %
	dry                    float64   // the dry standard, %
	readFrom               int       // the day of November of the first reading
	logs                   []dryingLogAt
	estimate               time.Time
	invoice                time.Time
	invoiceNo              string
}

// dryingLogAt is one drying log a technician sends: when, and the day of
// November of its last reading.
type dryingLogAt struct {
	name string // the source's name
	at   time.Time
	to   int
}

// jobs are the claims whose paperwork the field sends in the demo's mail,
// besides the documents sources.go draws one by one.
var jobs = []job{
	{key: "lindqvist", c: lindqvist, level: "Main Level", rooms: []room{
		{name: "Upstairs hall bath", w: 8, h: 6, affectedSF: 48, wallsLF: 22},
		{name: "Main floor hallway", x: 8, w: 24, h: 4, affectedSF: 96, wallsLF: 40},
		{name: "Main floor powder room", x: 8, y: 4, w: 6, h: 4, affectedSF: 24, wallsLF: 18}},
		airMovers: 4, dehus: 1, days: 7, estimate: at(5, 8, 30, 0), invoice: at(10, 7, 55, 0), invoiceNo: "NR-2101"},
	{key: "herrera", c: herrera, tech: "Luis Ortega", signer: "Tomás Herrera", atp: at(2, 9, 55, 0), scope: at(2, 14, 30, 0),
		category: "Category 1 (clean water - supply line)", class: "Class 2", source: "Dishwasher supply line failure under the kitchen counter",
		level: "Main Level", rooms: []room{
			{name: "Kitchen", w: 14, h: 12, affectedSF: 168, wallsLF: 30},
			{name: "Dining Room", x: 14, w: 12, h: 11, affectedSF: 132, wallsLF: 22}},
		equipment: []string{"3 air movers", "1 LGR dehumidifier"}, airMovers: 3, dehus: 1, days: 4,
		points: []string{"Kitchen floor", "Toe kick", "Dining floor"}, wet: []float64{38, 30, 26}, dry: 11, readFrom: 2,
		logs:     []dryingLogAt{{"drying-log-herrera", at(4, 10, 50, 0), 4}, {"drying-log-herrera-final", at(6, 8, 15, 0), 6}},
		estimate: at(5, 13, 0, 0), invoice: at(9, 13, 45, 0), invoiceNo: "NR-2102"},
	{key: "okafor", c: okafor, tech: "Luis Ortega", signer: "Denise Okafor", atp: at(2, 17, 30, 0), scope: at(3, 8, 0, 0),
		category: "none (fire and smoke)", class: "none", source: "Stovetop grease fire in the kitchen", rooms: []room{
			{name: "Kitchen", affectedSF: 168, wallsLF: 52}, {name: "Dining Room", affectedSF: 144, wallsLF: 48},
			{name: "Hallway", affectedSF: 104, wallsLF: 60}},
		equipment: []string{"2 HEPA air scrubbers", "Thermal fogger (deodorization)"}},
	{key: "becker", c: becker, tech: "Jake Halvorsen", signer: "Harold Becker", atp: at(4, 10, 5, 0), scope: at(4, 10, 30, 0),
		category: "none (mold remediation, Condition 3)", class: "none", source: "Long-term seepage at the basement foundation wall",
		level: "Basement", rooms: []room{
			{name: "Basement storage closet", w: 6, h: 5, affectedSF: 30, wallsLF: 11},
			{name: "Basement family room", x: 6, w: 16, h: 14, affectedSF: 96, wallsLF: 30}},
		equipment: []string{"2 HEPA air scrubbers (500 CFM)", "Zip pole containment with airlock"}, days: 10,
		estimate: at(6, 9, 0, 0)},
	{key: "fairbanks", c: fairbanks, tech: "Luis Ortega", signer: "Naomi Fairbanks", atp: at(2, 15, 40, 0), scope: at(3, 15, 0, 0),
		category: "Category 1 (clean water - snowmelt)", class: "Class 3", source: "Ice dam leak at the north eave",
		level: "Upper Level", rooms: []room{
			{name: "Upstairs bedroom", w: 12, h: 11, affectedSF: 132, wallsLF: 23},
			{name: "Upstairs hallway", x: 12, w: 10, h: 4, affectedSF: 40, wallsLF: 12}},
		equipment: []string{"3 air movers", "1 LGR dehumidifier", "Ceiling drying mat, bedroom"}, airMovers: 3, dehus: 1, days: 6,
		points: []string{"Bedroom ceiling", "Exterior wall", "Bedroom floor"}, wet: []float64{42, 35, 20}, dry: 10, readFrom: 2,
		logs: []dryingLogAt{{"drying-log-fairbanks", at(5, 8, 20, 0), 5}}, estimate: at(6, 10, 0, 0)},
	{key: "sandoval", c: sandoval, tech: "Maria Delgado", signer: "Ruth Sandoval", atp: at(4, 8, 40, 0), scope: at(4, 10, 20, 0),
		category: "Category 1 (clean water - water heater)", class: "Class 2", source: "Water heater leak in the basement utility room",
		rooms: []room{
			{name: "Utility room", affectedSF: 80, wallsLF: 20}, {name: "Finished rec room", affectedSF: 252, wallsLF: 46}},
		equipment: []string{"4 air movers", "1 LGR dehumidifier"},
		points:    []string{"Rec room wall", "Utility wall", "Rec room subfloor"}, wet: []float64{33, 29, 24}, dry: 12, readFrom: 4,
		logs: []dryingLogAt{{"drying-log-sandoval", at(9, 8, 30, 0), 9}}},
	{key: "ostrowski", c: ostrowski, tech: "Jake Halvorsen", scope: at(5, 11, 30, 0),
		category: "Category 1 (clean water - water heater)", class: "Class 2", source: "Failed water heater in the finished basement",
		level: "Basement", rooms: []room{
			{name: "Family room", w: 20, h: 16, affectedSF: 320, wallsLF: 40},
			{name: "Office", x: 20, w: 14, h: 12, affectedSF: 168, wallsLF: 26},
			{name: "Hallway", y: 16, w: 20, h: 5, affectedSF: 100, wallsLF: 30}},
		equipment: []string{"5 air movers", "2 LGR dehumidifiers"}, airMovers: 5, dehus: 2, days: 5,
		points: []string{"Family room wall", "Office wall", "Subfloor"}, wet: []float64{30, 27, 22}, dry: 11, readFrom: 5,
		logs: []dryingLogAt{{"drying-log-ostrowski", at(9, 9, 20, 0), 9}}, estimate: at(9, 13, 20, 0)},
	{key: "jensen", c: jensen, tech: "Jake Halvorsen", signer: "Carla Jensen", atp: at(2, 9, 50, 0), scope: at(2, 16, 50, 0),
		category: "Category 2 (grey water - washing machine drain)", class: "Class 2", source: "Washing machine drain hose came loose",
		level: "Basement", rooms: []room{
			{name: "Laundry room", w: 9, h: 7, affectedSF: 63, wallsLF: 16},
			{name: "Basement family room", x: 9, w: 18, h: 15, affectedSF: 270, wallsLF: 42}},
		equipment: []string{"6 air movers", "2 LGR dehumidifiers"}, airMovers: 6, dehus: 2, days: 6,
		points: []string{"Laundry wall", "Family room wall", "Family room floor"}, wet: []float64{36, 31, 25}, dry: 12, readFrom: 2,
		logs: []dryingLogAt{{"drying-log-jensen", at(4, 15, 30, 0), 4}}, estimate: at(5, 14, 50, 0)},
}

// addJobSources adds the documents of jobs to sources, by name.
func addJobSources(sources map[string]func(*rand.Rand) []byte) {
	for _, j := range jobs {
		if !j.atp.IsZero() {
			sources["atp-"+j.key] = func(r *rand.Rand) []byte { return atpPDF(r, j.c, j.atp, j.signer, j.tech) }
		}
		if !j.scope.IsZero() {
			sources["scope-"+j.key] = func(*rand.Rand) []byte {
				return scopePDF(j.c, j.scope, j.category, j.class, j.source, j.rooms, j.equipment)
			}
		}
		for _, l := range j.logs {
			sources[l.name] = func(*rand.Rand) []byte {
				return dryingLogPDF(j.c, l.at, j.tech, j.points, j.dry, j.readings(l.to))
			}
		}
		if !j.estimate.IsZero() {
			sections, order := j.estimateItems()
			sources["esx-"+j.key] = func(*rand.Rand) []byte { return esx(j.c, j.estimate, "Sam Whitaker", sections, order) }
			sources["estimate-"+j.key] = func(*rand.Rand) []byte {
				return estimatePDF(j.c, j.estimate, "Sam Whitaker", sections, order)
			}
			sources["sketch-"+j.key] = func(*rand.Rand) []byte { return sketchPDF(j.c, j.estimate, j.level, j.rooms) }
		}
		if !j.invoice.IsZero() {
			sources["invoice-"+j.key] = func(*rand.Rand) []byte { return j.invoicePDF() }
		}
	}
}

// readings are the job's daily readings from its first day to day to of
// November, business days and weekends alike: each point dries about
// halfway to its dry standard a day.
func (j job) readings(to int) []reading {
	var out []reading
	for d := j.readFrom; d <= to; d++ {
		k := float64(d - j.readFrom)
		r := reading{date: day(at(d, 8, 0, 0)), rh: math.Max(36, 66-7*k), tempF: 70 + float64((d-j.readFrom)%3)}
		for _, w := range j.wet {
			r.mc = append(r.mc, math.Round((j.dry+(w-j.dry)*math.Pow(0.55, k))*10)/10)
		}
		out = append(out, r)
	}
	return out
}

// estimateItems are the job's mitigation estimate, a section per room and
// one for the equipment: tear-out and drying for water, containment and
// HEPA cleaning for mold.
func (j job) estimateItems() (map[string][]lineItem, []string) {
	sections := map[string][]lineItem{}
	var order []string
	for _, rm := range j.rooms {
		order = append(order, rm.name)
		if j.c.lossType == "Mold" {
			sections[rm.name] = []lineItem{
				{"Containment Barrier/Airlock/Decon. Chamber", rm.wallsLF * 8, "SF", 0.92},
				{"Tear out drywall - mold remediation", rm.affectedSF, "SF", 1.85},
				{"HEPA Vacuuming - Detailed - (PER SF)", rm.affectedSF * 3, "SF", 0.71},
				{"Apply anti-microbial agent to the surface area", rm.affectedSF * 3, "SF", 0.31},
			}
			continue
		}
		sections[rm.name] = []lineItem{
			{"Water extraction from floor", rm.affectedSF, "SF", 0.58},
			{"Tear out wet drywall, cleanup, bag for disposal - 2' flood cut", rm.wallsLF * 2, "SF", 1.12},
			{"Apply anti-microbial agent to the surface area", rm.affectedSF + rm.wallsLF*2, "SF", 0.31},
		}
	}
	order = append(order, "Equipment")
	days := float64(j.days)
	if j.c.lossType == "Mold" {
		sections["Equipment"] = []lineItem{
			{"Negative air fan/Air scrubber (24 hr period) - No monit.", 2 * days, "DA", 73.50},
			{"Add for personal protective equipment (hazardous cleanup)", 4, "EA", 28.60},
		}
	} else {
		sections["Equipment"] = []lineItem{
			{"Air mover (per 24 hour period) - No monitoring", float64(j.airMovers) * days, "DA", 29.40},
			{"Dehumidifier (per 24 hour period) - Large - No monitoring", float64(j.dehus) * days, "DA", 81.75},
			{"Equipment setup, take down, and monitoring (hourly charge)", days + 2, "HR", 69.50},
		}
	}
	return sections, order
}

// invoicePDF is the office's own invoice for the job's estimate.
func (j job) invoicePDF() []byte {
	sections, order := j.estimateItems()
	var total float64
	for _, name := range order {
		for _, it := range sections[name] {
			total += it.qty * it.unitPrice
		}
	}
	return invoicePDF(j.invoice, j.invoiceNo, "Northstar Restoration",
		"2200 Broadway St NE, Minneapolis, MN 55413  |  (612) 555-0100", "Claim "+j.c.number+" / Job "+j.c.job,
		j.c.carrier+", attn. "+j.c.adjName,
		[]lineItem{{fmt.Sprintf("Emergency mitigation services, %s, per estimate", j.c.address), 1, "EA", math.Round(total*1.07875*100) / 100}})
}
