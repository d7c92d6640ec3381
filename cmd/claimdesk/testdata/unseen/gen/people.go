package main

// The office's people, and the Message-IDs that later mail answers.
const (
	jenna  = "Jenna Walsh <jwalsh@buckeyedry.example>"
	marco  = "Marco Ruiz <mruiz@buckeyedry.example>"
	dwayne = "Dwayne Pitts <dpitts@buckeyedry.example>"
	tom    = "Tom Kessler <tkessler@buckeyedry.example>"
	karen  = "Karen Mullins <kmullins@erieinsurance.example>"
	lori   = "Lori Chen <lchen@stateauto.example>"
	jorge  = "Jorge Mendez <jmendez@alacritysolutions.example>"
	tanya  = "Tanya Liu <tanya.liu@libertymutual.example>"
	phil   = "Phil Dorsey <pdorsey@cinfin.example>"
	neil   = "Neil Braddock <nbraddock@englemartin.example>"

	marcoSig = `Marco Ruiz
Buckeye Dry & Restore
IICRC WRT #88412 | Cell 614-555-0199`
	dwayneSig = `Dwayne Pitts | Crew Lead
Buckeye Dry & Restore | 614-555-0198`
	jorgeSig = `Jorge Mendez
Field Adjuster, Alacrity Solutions
(614) 555-0157 | OH Lic. 0448127`
	tanyaSig = `Tanya Liu
Liberty Mutual Insurance | Property Claims
1-800-225-2467 ext 44102 | NPN 19017732`

	idSheilaAssign = "BN7PR04MB6211A3C2@BN7PR04MB6211.namprd04.prod.outlook.example"
	idPhilATP      = "CH2PR11MB4470F1D0@CH2PR11MB4470.namprd11.prod.outlook.example"
	idKarenRead    = "SJ0PR02MB7720E59A@SJ0PR02MB7720.namprd02.prod.outlook.example"
	idJorgeFirst   = "1864a1f0c2.alacrity.77120@alacritysolutions.example"
	idTanyaSupp    = "DM6PR06MB5581C9B3@DM6PR06MB5581.namprd06.prod.outlook.example"

	idSentPena     = "sent.20261201.0001@buckeyedry.example"
	idSentIbarra   = "sent.20261201.0002@buckeyedry.example"
	idSentPickup   = "sent.20261201.0003@buckeyedry.example"
	idSentDeLuca   = "sent.20261130.0004@buckeyedry.example"
	idSentCOS      = "sent.20261202.0005@buckeyedry.example"
	idSentHassan   = "sent.20261202.0006@buckeyedry.example"
	idSentGreerATP = "sent.20261201.0007@buckeyedry.example"
	idSentOkafor   = "sent.20261204.0008@buckeyedry.example"
)

func inbox() []msg {
	var ms []msg
	for _, day := range [][]msg{monday, tuesday, wednesday, thursday, friday} {
		ms = append(ms, day...)
	}
	return withIDs(ms, "in")
}
