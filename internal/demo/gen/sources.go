package main

import (
	"image/color"
	"math/rand/v2"
)

// photoScenes name the scenes inbox.txt's photos show.
var photoScenes = map[string]scene{
	"wall-stain": sceneWallStain, "ceiling": sceneCeiling, "floor": sceneFloor,
	"equipment": sceneEquipment, "soot": sceneSoot, "mold": sceneMold,
}

// The Okafor estimate: its ESX, PDF and sketch, and the total its e-mail
// gives.
var (
	okaforCreated  = at(3, 9, 2, 0)
	okaforOrder    = []string{"Kitchen", "Dining Room", "Contents"}
	okaforSections = map[string][]lineItem{
		"Kitchen": {
			{"Emergency service call - after hours", 1, "EA", 295.00},
			{"Seal the walls and ceiling w/ shellac-based sealer", 420, "SF", 1.12},
			{"Clean ceiling - heavy soot", 168, "SF", 1.31},
			{"Clean walls - heavy soot", 352, "SF", 1.05},
			{"Tear out upper cabinetry - fire damaged", 12, "LF", 18.90},
			{"Air scrubber (per 24 hour period) - no monitoring", 6, "DA", 73.50},
		},
		"Dining Room": {
			{"Clean ceiling - light soot", 156, "SF", 0.62},
			{"Clean walls - light soot", 384, "SF", 0.58},
			{"Deodorize building - hot thermal fog", 1, "EA", 245.00},
		},
		"Contents": {
			{"Contents - pack-out labor", 22, "HR", 58.75},
			{"Contents - large box", 64, "EA", 6.10},
			{"Off-site storage vault (per month)", 2, "MO", 165.00},
		},
	}
)

// okaforTotal is the Okafor estimate's RCV, with tax. The sections are
// summed in their estimate's order, so the total is the same at every run.
func okaforTotal() float64 {
	var total float64
	for _, section := range okaforOrder {
		for _, it := range okaforSections[section] {
			total += it.qty * it.unitPrice
		}
	}
	return total * 1.07875
}

// sources are the documents and logos the mail attaches, by name: each
// is drawn when its part is written, from the randomness its name and
// file name give it (mailBuilder.source).
func sources() map[string]func(r *rand.Rand) []byte {
	ironbridge := logo(color.RGBA{0x8a, 0x1c, 0x1c, 255}, color.RGBA{0xf2, 0xc1, 0x4e, 255})
	s := map[string]func(r *rand.Rand) []byte{
		"logo-ironbridge": func(*rand.Rand) []byte { return ironbridge },
		"atp-lindqvist": func(r *rand.Rand) []byte {
			return atpPDF(r, lindqvist, at(2, 7, 58, 0), "Gretchen Lindqvist", "Jake Halvorsen")
		},
		"atp-ostrowski": func(r *rand.Rand) []byte {
			return atpPDF(r, ostrowski, at(5, 9, 15, 0), "Wendell Ostrowski", "Jake Halvorsen")
		},
		"cos-herrera":   func(r *rand.Rand) []byte { return cosPDF(r, herrera, at(6, 8, 10, 0), "Tomás Herrera") },
		"cos-lindqvist": func(r *rand.Rand) []byte { return cosPDF(r, lindqvist, at(9, 10, 15, 0), "Gretchen Lindqvist") },
		"waiver-becker": func(r *rand.Rand) []byte {
			return waiverPDF(r, becker, at(3, 13, 30, 0), "Harold Becker",
				"Removal and replacement of drywall and insulation in the basement storage closet (approx. 32 SF), including HEPA vacuuming and antimicrobial application behind the wall.")
		},
		"itel-herrera": func(*rand.Rand) []byte {
			return itelPDF(herrera, at(2, 13, 10, 0), "ITL-2611-48213",
				"Laminate flooring, 8 mm HDF core, 5.5 in. x 48 in. plank, embossed oak visual, drop-lock joint, attached pad: none. Wear layer AC3.",
				"Available match: Riverbend Oak Collection, color Harvest Hickory, 8 mm. Sold by three regional distributors; pricing verified 11/02/2026.",
				2.89)
		},
		"scope-lindqvist": func(*rand.Rand) []byte {
			return scopePDF(lindqvist, at(2, 9, 30, 0),
				"Category 1 (clean water - supply line)", "Class 2", "Burst supply line to upstairs hall bath vanity",
				[]room{{name: "Upstairs hall bath", affectedSF: 48, wallsLF: 22}, {name: "Main floor hallway", affectedSF: 96, wallsLF: 40},
					{name: "Main floor powder room", affectedSF: 24, wallsLF: 18}},
				[]string{"4 air movers", "1 LGR dehumidifier (XL)", "Ceiling drying mat, hall bath"})
		},
		"okafor-esx": func(*rand.Rand) []byte {
			return esx(okafor, okaforCreated, "Sam Whitaker", okaforSections, okaforOrder)
		},
		"okafor-estimate": func(*rand.Rand) []byte {
			return estimatePDF(okafor, okaforCreated, "Sam Whitaker", okaforSections, okaforOrder)
		},
		"okafor-sketch": func(*rand.Rand) []byte {
			return sketchPDF(okafor, okaforCreated, "Main Level", []room{
				{name: "Kitchen", x: 0, y: 0, w: 14, h: 12}, {name: "Dining Room", x: 14, y: 0, w: 12, h: 12},
				{name: "Hallway", x: 0, y: 12, w: 26, h: 4}})
		},
		"invoice-10482": func(*rand.Rand) []byte {
			return invoicePDF(at(3, 10, 0, 0), "10482", "Twin Cities Equipment Rental",
				"4100 Lyndale Ave N, Minneapolis, MN 55412  |  (612) 555-0185", "PO 26-2104-MLD (Becker, Stillwater)",
				"Northstar Restoration, 2200 Broadway St NE, Minneapolis, MN 55413",
				[]lineItem{{"HEPA air scrubber 500 CFM - weekly", 2, "WK", 185}, {"Zip pole containment kit - weekly", 1, "WK", 60},
					{"Delivery and pickup - Stillwater", 1, "EA", 75}})
		},
		"drying-log-lindqvist": func(*rand.Rand) []byte {
			return dryingLogPDF(lindqvist, at(4, 7, 50, 0), "Jake Halvorsen", []string{"Hall subfloor", "Hall wall", "Bath ceiling"}, 11, []reading{
				{"11/02/2026", []float64{34.5, 28.0, 31.2}, 68, 71}, {"11/03/2026", []float64{26.1, 19.4, 18.8}, 49, 74},
				{"11/04/2026", []float64{19.0, 13.2, 12.1}, 38, 75}})
		},
		"contents-form-okafor": func(*rand.Rand) []byte { return contentsFormPDF(okafor, at(4, 10, 52, 0)) },
	}
	addJobSources(s)
	return s
}
