package main

// The office's people, and the Message-IDs that later mail answers.
const (
	renata = "Renata Flores <rflores@suncoastdry.example>"
	danny  = "Danny Ruiz <druiz@suncoastdry.example>"
	cody   = "Cody Marsh <cmarsh@suncoastdry.example>"
	sam    = "Sam Patel <spatel@suncoastdry.example>"
	jorge  = "Jorge Alvarez <jalvarez@citizensfla.example>"
	kyle   = "Kyle Brandt <kbrandt@heritagepci.example>"
	rick   = "Rick Hollis <rhollis@gulflineclaims.example>"
	carla  = "Carla Mendez <carla.mendez.k2p9@statefarm.example>"
	scott  = "Scott Nguyen <snguyen@thig.example>"
	brenda = "Brenda Koval <bkoval@universalproperty.example>"
	nicole = "Nicole Frey <nicole.frey@usaa.example>"

	dannySig = `Danny Ruiz
Lead Tech | Suncoast Dry & Restore
727-555-0142`
	codySig = `Sent from my iPhone`
	kyleSig = `Kyle Brandt
Field Adjuster | Heritage Property & Casualty
727-555-0181 | FL 620 #W118442`
	rickSig = `Rick Hollis, AIC
Gulfline Claims Services, LLC | Independent Adjusters
Cell 813-555-0127 | FL All-Lines Adj. Lic. P204418`
	carlaSig = `Carla Mendez
Claim Specialist | State Farm
727-555-0163`

	idRickWhitaker = "gcs.26.03318.a1@gulflineclaims.example"
	idKyleTran     = "BN8PR19MB4471C2D1@BN8PR19MB4471.namprd19.prod.outlook.example"

	idSentLindqvist = "sent.20270104.0001@suncoastdry.example"
	idSentBaptiste  = "sent.20270104.0002@suncoastdry.example"
	idSentWhitaker  = "sent.20270104.0003@suncoastdry.example"
	idSentPena      = "sent.20270106.0004@suncoastdry.example"
	idSentOkafor    = "sent.20270106.0005@suncoastdry.example"
	idSentScott     = "sent.20270106.0006@suncoastdry.example"
)

func inbox() []msg {
	var ms []msg
	for _, day := range [][]msg{monday, tuesday, wednesday, thursday, friday} {
		ms = append(ms, day...)
	}
	return withIDs(ms, "in")
}
