package main

var monday = []msg{
	{Kind: "assignment_platform", Claim: "7234-HO-118820",
		From: "ClaimHub Dispatch <dispatch@claimhub.example>", To: office, Date: at(0, 7, 52),
		Headers: []string{"Auto-Submitted: auto-generated", "X-Mailer: ClaimHub Notify 3.1"},
		Subject: "Dispatch D-5541982 | Nationwide | TAKAHASHI | Water",
		Text: `ASSIGNMENT DISPATCH - Nationwide Property
Dispatch ID: D-5541982
Accept or decline in the ClaimHub portal within 2 hours.

CARRIER CLAIM NUMBER
7234-HO-118820

POLICYHOLDER
Gwen Takahashi
Cell (614) 555-0148

PROPERTY ADDRESS
315 Chittenden Ave
Columbus, OH 43201

PERIL
Water - supply line under kitchen sink
Reported 11/29/2026

FIELD ADJUSTER
Darnell Hughes
dhughes@nationwide.example | (614) 555-0111

SERVICES REQUESTED
Emergency water mitigation

Replies to this address are not monitored.`},

	{Kind: "tech_photos", Claim: "A00008714426", From: marco, To: office, Date: at(0, 8, 30),
		Subject: "Pena photos day 1",
		Text:    "418 Maple, day 1. Kitchen and basement.\n\n" + marcoSig,
		Files:   []file{jpg("IMG_2231.jpg", 1), jpg("IMG_2232.jpg", 2)}},

	{Kind: "adjuster_street_only", Claim: "A00008714426", NeedsAck: true, ID: idKarenRead,
		From: karen, To: office, Date: at(0, 9, 5), Subject: "Moisture readings",
		Text: `Hi Jenna - could you send me the readings so far for the Pena home on Maple Avenue? I'm putting my report together tonight.

Thanks,
Karen

Karen Mullins | Property Claims Specialist
Erie Insurance | 614-555-0182 office | 614-555-0190 fax
NPN 1847722`},

	{Kind: "platform_note", Claim: "043118827-02",
		From: "XactAnalysis <do-not-reply@xactanalysis.example>", To: office, Date: at(0, 9, 20),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "XA Note Added: OKAFOR, RAYMOND",
		Text: `A note has been added to an assignment you are working on.

  Claim #        043118827-02
  Insured        OKAFOR, RAYMOND
  Carrier        Liberty Mutual Insurance
  Note From      Tanya Liu
  Note           Please upload the contents pack-out inventory before the inspection on Thursday.

Log in to XactAnalysis to respond. Do not reply to this email.`},

	{Kind: "customer_es", Claim: "017422361-003", NeedsAck: true, Latin1: true,
		From: "María Ibarra <mibarra82@hotmail.example>", To: office, Date: at(0, 10, 2),
		Subject: "fotos del cuarto",
		Text: `Buenos días Jenna,

le mando las fotos de la humedad en el cuarto de mi hijo, la pared todavía está mojada. Es la casa en 3315 Sullivant Avenue.
¿Pueden venir mañana temprano?

Gracias,
María Ibarra`,
		Files: []file{jpg("20261130_081522.jpg", 3)}},

	{Kind: "newsletter", From: "Central Ohio Restoration Network <news@corn-restore.example>", To: office,
		Date: at(0, 10, 30), Subject: "December roundup: freeze warnings for Westerville, Marysville and Dublin",
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <https://corn-restore.example/u/8812>"},
		Text: `CENTRAL OHIO RESTORATION NETWORK - December

Freeze season is here. Last winter our members saw burst pipes on Maple Avenue in Westerville,
along North Main Street in Marysville and in the Brookside neighborhood of Dublin.

- Member meeting: Thursday 12/10, 7:30 AM, Columbus
- IICRC WRT class in Dublin, January 12-14
- Vendor spotlight: drying equipment rentals

You are receiving this because you are a member. Unsubscribe: https://corn-restore.example/u/8812`},

	{Kind: "ia_first_report", Claim: "LX0011289456", NeedsAck: true,
		From: neil, To: office, Date: at(0, 11, 15),
		Subject: "Grace Fellowship Church / Our File EMA-26-10442",
		Text:    neilFirst,
		HTML: `<p>Good afternoon,</p><p>We have been retained by Lexington Insurance Company on the above loss.</p>
<table><tr><td>Our file:</td><td>EMA-26-10442</td></tr><tr><td>Carrier claim:</td><td>LX0011289456</td></tr>
<tr><td>Insured:</td><td>Grace Fellowship Church</td></tr><tr><td>Location:</td><td>900 E. Dublin-Granville Rd., Columbus</td></tr></table>
<p>Please forward your mold remediation protocol and the initial air sampling results when available. We plan to reinspect on Thursday 12/3.</p>
<p>Regards,<br>Neil Braddock, AIC<br>General Adjuster | Engle Martin &amp; Associates<br>O: 614-555-0160 M: 614-555-0161<br>Ohio Adjuster License #1298834</p>
<img src="cid:image001.png@01DB43A1.6F2C0E10">`,
		Files: []file{{Name: "image001.png", CType: "image/png", Data: logo(), CID: "image001.png@01DB43A1.6F2C0E10"}}},

	{Kind: "assignment_human", Claim: "H7R2291", NeedsAck: true, ID: idSheilaAssign,
		From: "Sheila Grant <sgrant@travelers.example>", To: office, Date: at(0, 12, 40),
		Subject: "New loss - DeLuca - please contact insured",
		Text: `Hi team,

Travelers would like to send you a water mitigation job. Details:

Insured: Frank DeLuca
Loss location: 1802 Lockbourne Rd, Columbus OH 43207
Claim: H7R2291
DOL: 11/28/2026 - water heater failed in the basement
Insured's phone: 614-555-0177

Please make contact within 2 hours and send your ATP and photos once on site.

Thanks,
Sheila Grant
Property Claim Professional | Travelers
Desk 860-555-0134 | Claim Center 1-800-252-4633`},

	{Kind: "near_unit", NeedsAck: true, From: "Kyle Brandt <kbrandt.937@gmail.example>", To: office,
		Date: at(0, 13, 5), Subject: "Water coming through ceiling - need help",
		Text: `Hi, our upstairs neighbor's toilet overflowed and water is coming through our ceiling. We're at 1140 N Main St Apt 4 in Marysville. Can someone come out today? I think our insurance is Cincinnati too.

Kyle Brandt
937-555-0102`},

	{Kind: "adjuster_claim_hash", Claim: "3401-7729-88", NeedsAck: true, ID: idPhilATP,
		From: phil, To: office, Date: at(0, 14, 10), Subject: "Claim #: 3401-7729-88 - Greer",
		Text: `Jenna, can you send the signed ATP and first day photos for Greer? Thanks.

Phil Dorsey | Field Claim Rep | The Cincinnati Insurance Companies
C 937-555-0121 | OH Lic #1098823`},

	{Kind: "tech_address_abbrev", Claim: "3401-7729-88", From: dwayne, To: office, Date: at(0, 15, 30),
		Subject: "equipment set",
		Text:    "Set 4 air movers and 1 dehu at 1140 North Main Street #2, Marysville. Readings attached.\n\n" + dwayneSig,
		Files:   []file{jpg("IMG_0098.jpg", 4), pdfFile("scan0004.pdf", "drying_log", greerReadings)}},

	{Kind: "tech_photos", Claim: "7234-HO-118820", From: marco, To: office, Date: at(0, 16, 20),
		Subject: "Takahashi",
		Text:    "315 Chittenden, water under the kitchen floor. Pics.\n\n" + marcoSig,
		Files:   []file{jpg("IMG_3301.jpg", 5), jpg("IMG_3302.jpg", 6)}},
}

const neilFirst = `Good afternoon,

We have been retained by Lexington Insurance Company on the above loss.

Our file:        EMA-26-10442
Carrier claim:   LX0011289456
Insured:         Grace Fellowship Church
Location:        900 E. Dublin-Granville Rd., Columbus

Please forward your mold remediation protocol and the initial air sampling results when available. We plan to reinspect on Thursday 12/3.

Regards,
Neil Braddock, AIC
General Adjuster | Engle Martin & Associates
O: 614-555-0160  M: 614-555-0161
Ohio Adjuster License #1298834`

var greerReadings = textPDF("Adobe Scan", "Moisture Readings",
	lines(`Site: 1140 N Main St #2, Marysville OH
Date: 11/30/2026    Tech: D. Pitts
Room          Material     Reading   Goal
Living room   Drywall      42        12
Living room   Carpet pad   Sat.      Dry
Hallway       Drywall      28        12
Outdoor 48F 61% RH   Affected area 74F 58% RH 71 GPP
Dehu outlet 92F 22% RH
Equipment: 4 air movers, 1 LGR dehumidifier`)...)
