package main

var friday = []msg{
	{Kind: "thread_reply_quoted", Claim: "3401-7729-88", NeedsAck: true, ReplyTo: idSentGreerATP,
		From: phil, To: office, Date: at(4, 8, 5), Subject: "RE: Claim #: 3401-7729-88 - Greer", Text: philThanks},

	{Kind: "auto_reply", Claim: "043118827-02", Optional: true, ReplyTo: idSentOkafor,
		From: tanya, To: office, Date: at(4, 8, 21),
		Headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		Subject: "Automatic reply: Okafor - CLM 043118827-02 - daily update",
		Text:    "Thank you for your email. I am in the field today with limited access to email and will respond on Monday.\n\nTanya Liu"},

	{Kind: "payment_notice", Claim: "017422361-003",
		From: "USAA Claims <noreply@usaa.example>", To: office, Date: at(4, 9, 0),
		Headers: []string{"Auto-Submitted: auto-generated"}, Subject: "Payment issued",
		Text: `USAA has issued a payment.

Claim number: 017422361-003
Payee: Buckeye Dry & Restore
Amount: $4,812.33
Method: EFT 99381244

Please do not reply to this message.`},

	{Kind: "customer_street_no_type", Claim: "WIC-2026-0193374", NeedsAck: true,
		From: "Amy Johnson <amyj.larchmont@gmail.example>", To: office, Date: at(4, 9, 30), Subject: "kitchen",
		Text: "Hi Jenna, the flooring guy is coming Monday at 77 Larchmont. Does someone from your company need to be there?\n\nAmy"},

	{Kind: "newsletter", From: "Verisk Xactware <news@xactware.example>", To: office, Date: at(4, 10, 0),
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <mailto:unsub@xactware.example?subject=unsubscribe>"},
		Subject: "December price lists are ready: OHCO8X_DEC26",
		Text:    "The December price list for Columbus, OH (OHCO8X_DEC26) is now available. Drywall and flooring labor rose 2.1%.\n\nManage preferences | Unsubscribe"},

	{Kind: "customer_es", Claim: "017422361-003", NeedsAck: true,
		From: "Carlos Ibarra <carlos.ibarra71@gmail.example>", To: office, Date: at(4, 10, 40), Subject: "Pregunta",
		Text: "Hola, ¿ya mandaron la factura al seguro? USAA me llamó ayer.\n\nCarlos Ibarra"},

	{Kind: "customer_phone_name", Claim: "7234-HO-118820", NeedsAck: true,
		From: "Gwen Takahashi <gtakahashi@icloud.example>", To: office, Date: at(4, 11, 15), Subject: "Question",
		Text: "What time are you coming tomorrow to check the fans?\n\nGwen\n\nSent from my iPhone"},

	{Kind: "tech_docs_typeless", Claim: "LX0011289456", From: dwayne, To: office, Date: at(4, 12, 0),
		Subject: "church COS", Text: "Signed by the pastor.\n\n" + dwayneSig,
		Files: []file{pdfFile("scan0012.pdf", "cos", churchCOS)}},

	{Kind: "near_address", NeedsAck: true, From: "Rumpke Dispatch <dispatch@rumpke.example>", To: office,
		Date: at(4, 12, 30), Subject: "Roll-off delivered - 29 W Tulane Rd",
		Text: "Your 20 yd roll-off container was delivered to 29 W Tulane Rd, Columbus OH 43202 at 12:10 PM. Driver: T. Banks.\n\nRumpke Dispatch | 614-555-0111"},

	{Kind: "adjuster_typo_number", Claim: "043118827-02", NeedsAck: true, From: tanya, To: office, Date: at(4, 13, 10),
		Subject: "043118872-02 Okafor - smoke odor",
		Text:    "The Okafors are still noticing smoke odor upstairs. Can you send a tech back out to look before Monday?\n\n" + tanyaSig},

	{Kind: "property_manager", Claim: "3401-7729-88", NeedsAck: true,
		From: "Northpoint Property Management <pm@northpointpm.example>", To: office, Date: at(4, 13, 45),
		Subject: "Unit 2 water damage - 1140 N. Main",
		Text:    "Hello, we manage 1140 N. Main St. in Marysville. The tenant in Unit 2 (Samantha Greer) says your company is drying her unit. Please send us a certificate of insurance before any more work is done.\n\nLinda Park\nNorthpoint Property Management"},

	{Kind: "after_assignment", Claim: "A00008802113", NeedsAck: true, From: karen, To: office, Date: at(4, 14, 20),
		Subject: "Souza - Indianola Ave - ATP",
		Text:    "Hi Jenna, for the Souza loss on Indianola, please send the signed ATP and the first day photos.\n\nThanks,\nKaren\n\nKaren Mullins | Property Claims Specialist\nErie Insurance | 614-555-0182 office | 614-555-0190 fax\nNPN 1847722"},

	{Kind: "adjuster_two_claims_vague", NeedsAck: true, From: karen, To: office, Date: at(4, 14, 50),
		Subject: "readings?",
		Text:    "Can you send me today's readings? Thanks\n\nKaren"},

	{Kind: "fwd_inline_phone", Claim: "HO-26-3318207", From: marco, To: office, Date: at(4, 15, 20),
		Subject: "Fwd: File ALC-OH-558812 / Hassan", Text: marcoForward,
		Files: []file{octetPDF("Untitled.pdf", "scope", hassanScope)}},

	{Kind: "tech_docs_typeless", Claim: "017422361-003", From: marco, To: office, Date: at(4, 16, 0),
		Subject: "Ibarra logs", Text: "Logs so far.\n\n" + marcoSig,
		Files: []file{pdfFile("scan0015.pdf", "drying_log", ibarraLog)}},

	{Kind: "two_claims_one_mail", NeedsAck: true, From: lori, To: office, Date: at(4, 16, 30),
		Subject: "Aldana - both losses",
		Text:    "Jenna, SA-1184402 is approved for payment. On SA-1184417 I still need the final photos before I can release anything.\n\nLori Chen | State Auto | Claims Representative\n614-555-0150"},
}

const philThanks = `Got it, thanks.

Phil Dorsey | Field Claim Rep | The Cincinnati Insurance Companies
C 937-555-0121 | OH Lic #1098823

From: Jenna Walsh <jwalsh@buckeyedry.example>
Sent: Tuesday, December 1, 2026 8:30 AM
To: Phil Dorsey <pdorsey@cinfin.example>
Subject: RE: Claim #: 3401-7729-88 - Greer

Phil, the signed ATP and the first day photos for Greer are attached.

Jenna Walsh
Claims Coordinator | Buckeye Dry & Restore`

const marcoForward = `Scope for Hassan, sending to Jorge too.

---------- Forwarded message ---------
From: Jorge Mendez <jmendez@alacritysolutions.example>
Date: Tue, Dec 1, 2026, 3:00 PM
Subject: File ALC-OH-558812 / Hassan
To: <claims@buckeyedry.example>

Jenna,

I'm the independent adjuster handling this loss on behalf of American Strategic.

Alacrity File #: ALC-OH-558812
Carrier Claim #: HO26-3318207
Insured: Nadia Hassan
Loss Location: 4471 Refugee Road, Columbus`

var churchCOS = textPDF("Adobe Scan", "Certificate of Satisfaction",
	lines(`Customer: Grace Fellowship Church
Job site: 900 E Dublin Granville Rd, Columbus OH 43229
We accept the mold remediation by Buckeye Dry & Restore as complete and satisfactory.
Clearance sampling passed 12/03/2026. All equipment removed.
Signed: Rev. Michael Adeyemi, for Grace Fellowship Church    12/04/2026`)...)

var hassanScope = textPDF("DocuSketch", "24 Hour Scope",
	lines(`Nadia Hassan - 4471 Refugee Rd, Columbus OH 43232
Source: failed water heater, utility room    Category 2    Class 2
Affected: utility room, hallway, 2 bedrooms; 410 SF carpet and pad; drywall 2 ft flood cut
Removed carpet pad; extracted; set 7 air movers, 2 dehumidifiers
Plan: monitor daily, dry standard expected day 4`)...)

var ibarraLog = textPDF("Adobe Scan", "Daily Moisture Log",
	lines(`Ibarra, 3315 Sullivant Ave
Date    Bedroom 2 wall   Closet floor   GPP in   GPP out
11/30   46               Sat.           72       40
12/01   31               22             61       38
12/02   19               14             52       37
12/03   13               11             48       36`)...)
