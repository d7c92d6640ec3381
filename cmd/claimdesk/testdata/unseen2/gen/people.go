package main

// The office's people, and the Message-IDs that later mail answers.
const (
	tasha  = "Tasha Greene <tgreene@peachstaterestore.example>"
	andre  = "Andre Simmons <asimmons@peachstaterestore.example>"
	luis   = "Luis Ortega <lortega@peachstaterestore.example>"
	kim    = "Kim Doan <kdoan@peachstaterestore.example>"
	amber  = "Amber Cole <acole@gfbinsurance.example>"
	renee  = "Renee Park <rpark@claims.allstate.example>"
	dana   = "Dana Whitfield <dwhitfield@pilotcat.example>"
	paula  = "Paula Grier <pgrier@chubb.example>"
	curtis = "Curtis Bell <curtis.bell.r7kq@statefarm.example>"

	andreSig = `Andre Simmons
Peach State Restoration | WRT/ASD
c. 770-555-0131`
	luisSig = `Luis Ortega - Tech II
Peach State Restoration
770-555-0136`
	amberSig = `Amber Cole
Claims Representative | Georgia Farm Bureau Mutual
770-555-0190 | GA Adj Lic 3120448`
	danaSig = `Dana Whitfield
Independent Adjuster | Pilot Catastrophe Services
Direct 678-555-0148 | GA Lic. 2947731`

	idAmberOdom  = "CY4PR10MB2290B17E@CY4PR10MB2290.namprd10.prod.outlook.example"
	idDanaBanks  = "pcs.26.45102.0001@pilotcat.example"
	idHectorOrig = "CAF7xq2ZB0pK1+hv@mail.gmail.example"

	idSentReevesVisit = "sent.20261214.0001@peachstaterestore.example"
	idSentCurtisMap   = "sent.20261215.0002@peachstaterestore.example"
	idSentRosa        = "sent.20261215.0003@peachstaterestore.example"
	idSentPriya       = "sent.20261216.0004@peachstaterestore.example"
	idSentPaulaATP    = "sent.20261217.0005@peachstaterestore.example"
	idSentGloria      = "sent.20261216.0006@peachstaterestore.example"
)

func inbox() []msg {
	var ms []msg
	for _, day := range [][]msg{monday, tuesday, wednesday, thursday, friday} {
		ms = append(ms, day...)
	}
	return withIDs(ms, "in")
}
