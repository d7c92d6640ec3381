package main

var thursday = []msg{
	{Kind: "thread_reply_es", Claim: "001-00-418237", NeedsAck: true, ReplyTo: idSentPena,
		From: "Marisol Pena <marisolpena77@hotmail.example>", To: office, Date: at(3, 7, 20),
		Subject: "RE: Peña - visita del técnico",
		Text:    "Sí, el viernes a las 9 está bien. Gracias\n\nEnviado desde mi Galaxy"},

	{Kind: "adjuster_number_spaced", Claim: "59-51R2-336", NeedsAck: true, From: carla, To: office, Date: at(3, 8, 10),
		Subject: "59 51R2 336 - contents",
		Text:    "Does your estimate for this one include the contents manipulation in the living room? The insured says the sofa was moved twice.\n\n" + carlaSig},

	{Kind: "near_unit", NeedsAck: true, From: "Gloria Esposito <gesposito44@comcast.example>", To: office, Date: at(3, 8, 45),
		Subject: "ceiling stain",
		Text: `Hello, the manager said your company is drying the unit next to mine. I'm at 5590 Gulf Blvd Unit 404, St. Pete Beach and there is a wet stain on my ceiling by the kitchen. Could someone check it while you are in the building?

Gloria Esposito`},

	{Kind: "payment_notice", Claim: "FP26-HO-008821",
		From: "Florida Peninsula Claims <noreply@floridapeninsula.example>", To: office, Date: at(3, 9, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Payment Notification",
		Text: `A claim payment has been issued.

Claim Number:  FP26-HO-008821
Payee:         Linda Pruitt and Suncoast Dry & Restore
Amount:        $2,150.00 (emergency services advance)
Mailed:        01/07/2027`},

	{Kind: "customer_new_address", Claim: "HCI1224088", NeedsAck: true,
		From: "Thomas Okafor <t.okafor@pinellaslegal.example>", To: office, Date: at(3, 10, 0),
		Subject: "Dumpster",
		Text: `This is Thomas Okafor at 2040 Belcher Rd S. The dumpster is partly blocking my neighbor's driveway. Can the driver move it about five feet toward the street?

Thomas`},

	{Kind: "customer_forward_inline", Claim: "031882450-004", NeedsAck: true,
		From: "Ramon Dominguez <rdominguez.tpa@gmail.example>", To: office, Date: at(3, 11, 15),
		Subject: "Fwd: Your USAA claim",
		Text: `Is this something you need from me?

---------- Forwarded message ---------
From: USAA <usaa.claims@mailcenter.usaa.example>
Date: Wed, Jan 6, 2027 at 5:02 PM
Subject: Your USAA claim
To: <rdominguez.tpa@gmail.example>

Ramon, we have added a document request to your claim 031882450-004: please upload receipts for any emergency repairs. Your adjuster is Nicole Frey.

USAA Claims`},

	{Kind: "adjuster_number_dashed", Claim: "HCI1224088", NeedsAck: true,
		From: "Wes Tolbert <wtolbert@hcico.example>", To: office, Date: at(3, 13, 40),
		Subject: "HCI-1224088 Okafor",
		Text: `Please send the dumpster receipt and the signed AOB for the file. I have the photos.

Wes Tolbert
Homeowners Choice | Property Claims
727-555-0175`},

	{Kind: "near_cancelled", From: "XactAnalysis <noreply@xactanalysis.example>", To: office, Date: at(3, 14, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "XactAnalysis Assignment Cancelled - ROSS, DEAN - FP26-HO-008812",
		Text: `The assignment below has been cancelled by the carrier. No further action is required.

Carrier:              Florida Peninsula Insurance Company
Claim Number:         FP26-HO-008812
Insured:              ROSS, DEAN
Property Address:     310 Pinellas Bayway S, Tierra Verde, FL 33715
XA Transaction ID:    7HF3B1L`},

	{Kind: "tech_photos", Claim: "001-00-421906", From: danny, To: office, Date: at(3, 15, 30),
		Subject: "Whitaker day 3",
		Text:    "Bayshore. Bedroom 2 carpet pad pulled, readings attached in the log.\n\n" + dannySig,
		Files:   []file{jpg("IMG_6180.jpg", 41), octetPDF("IMG_6185.PDF", "drying_log", whitakerLog)}},
}

var whitakerLog = textPDF("Adobe Scan", "Moisture / Drying Log",
	lines(`Job: 88 Bayshore Blvd, Dunedin FL
Date    Bed 2 RH   Subfloor MC   Dehu out
01/05   78%        28            82F 31%
01/06   64%        21            85F 27%
01/07   52%        15            86F 24%`)...)
