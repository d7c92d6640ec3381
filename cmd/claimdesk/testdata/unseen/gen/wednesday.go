package main

var wednesday = []msg{
	{Kind: "adjuster_claim_spaced", Claim: "GM0448127", NeedsAck: true,
		From: "Kyle Voss <kvoss@grangeinsurance.example>", To: office, Date: at(2, 8, 5), Subject: "GM 0448127 Marsh",
		Text: "Jenna, is the Marsh job dry yet? I'd like the final readings and COS so I can close the mitigation side.\n\nKyle Voss\nGrange Insurance | Property Claims\n614-555-0174"},

	{Kind: "adjuster_clm_prefix", Claim: "043118827-02", NeedsAck: true, From: tanya, To: office, Date: at(2, 8, 40),
		Subject: "CLM# 043118827-02 pack-out",
		Text:    "Raymond Okafor's pack-out: the contents vendor will be there at 8 tomorrow. Please have your crew meet them.\n\n" + tanyaSig},

	{Kind: "thread_reply_phone", Claim: "A00008714426", NeedsAck: true, ReplyTo: idSentPickup,
		From: "Luis Peña <lpena418@gmail.example>", To: office, Date: at(2, 8, 55),
		Subject: "Re: Equipment pickup Wednesday", Text: "Ok sounds good\n\nSent from my Galaxy"},

	{Kind: "near_claim_number", NeedsAck: true, From: "Bill Renner <brenner@erieinsurance.example>", To: office,
		Date: at(2, 9, 20), Subject: "A00008714427",
		Text: `Quick question on A00008714427 - did your crew already go out to the Tillman house on Cherry St? The insured says nobody has called her.

Bill Renner
Erie Insurance | 614-555-0189`},

	{Kind: "tech_docs_typeless", Claim: "GM0448127", From: dwayne, To: office, Date: at(2, 10, 10),
		Subject: "Marsh final", Text: "Final readings, Marsh is dry. COS signed, pickup done.\n\n" + dwayneSig,
		Files: []file{pdfFile("scan0007.pdf", "drying_log", marshLog), pdfFile("Doc1.pdf", "cos", marshCOS)}},

	{Kind: "customer_forward", Claim: "GM0448127", NeedsAck: true,
		From: "Helen Marsh <hmarsh27@aol.example>", To: office, Date: at(2, 10, 45), Subject: "Fwd: Your Grange claim",
		Text: `Is this something you need from me?

---------- Forwarded message ---------
From: Grange Insurance <noreply@grangeinsurance.example>
Date: Tue, Dec 1, 2026 at 4:12 PM
Subject: Your Grange claim
To: <hmarsh27@aol.example>

Dear Helen Marsh,

This confirms your claim GM0448127 for water damage at 27 W Tulane Rd, Columbus OH 43202. Your adjuster is Kyle Voss. Please keep receipts for any expenses.

Grange Insurance`},

	{Kind: "lab_person", Claim: "LX0011289456", NeedsAck: true,
		From: "Anita Shah <ashah@ohioairlabs.example>", To: office, Date: at(2, 11, 20),
		Subject: "Lab results - Project 26-11873",
		Text:    "Hi Jenna,\n\nAttached are the results for project 26-11873 (Grace Fellowship Church), 3 spore trap samples collected 11/30.\n\nAnita Shah\nOhio Air Labs | 614-555-0170",
		Files:   []file{pdfFile("Report_26-11873.pdf", "lab_report", sporeReport)}},

	{Kind: "tech_docs_typeless", Claim: "LX0011289456", From: dwayne, To: office, Date: at(2, 12, 0),
		Subject: "church protocol", Text: "Protocol for Grace Fellowship, for the IA.\n\n" + dwayneSig,
		Files: []file{octetPDF("file.pdf", "scope", churchProtocol)}},

	{Kind: "vendor_es", Claim: "HO-26-3318207", NeedsAck: true,
		From: "Hermanos Díaz Drywall <hdiazdrywall@gmail.example>", To: office, Date: at(2, 13, 10),
		Subject: "Fotos drywall",
		Text:    "Buenas tardes, aquí están las fotos del drywall nuevo en la casa de la señora Hassan en Refugee Rd. Terminamos hoy.\n\nRubén Díaz",
		Files:   []file{jpg("IMG-20261202-WA0004.jpg", 8)}},

	{Kind: "thread_reply", Claim: "H7R2291", NeedsAck: true, ReplyTo: idSentDeLuca,
		From: "Sheila Grant <sgrant@travelers.example>", To: office, Date: at(2, 13, 45),
		Subject: "RE: New loss - DeLuca - please contact insured",
		Text:    "Thanks. Please also send the moisture map once it's drawn.\n\nSheila"},

	{Kind: "tech_docs_typeless", Claim: "H7R2291", From: marco, To: office, Date: at(2, 14, 15),
		Subject: "DeLuca ATP + pics", Text: "Signed this morning.\n\n" + marcoSig,
		Files: []file{pdfFile("Doc - Dec 2 2026 - 9-41 AM.pdf", "atp", delucaATP), jpg("IMG_4410.jpg", 9)}},

	{Kind: "after_assignment", Claim: "7234-HO-118820", NeedsAck: true,
		From: "Darnell Hughes <dhughes@nationwide.example>", To: office, Date: at(2, 14, 50),
		Subject: "7234-HO-118820 Takahashi",
		Text:    "Received the photos, thanks. Please send the ESX when you have it.\n\nDarnell Hughes\nNationwide | Property Field Claims | (614) 555-0111"},

	{Kind: "adjuster_claim_spaced", Claim: "017422361-003", NeedsAck: true,
		From: "Megan Pruitt <mpruitt@usaa.example>", To: office, Date: at(2, 15, 20),
		Subject: "USAA 017422361 003 Ibarra - drying",
		Text:    "Hello, following up on member Carlos Ibarra's claim. Please send the drying logs and the equipment list.\n\nMegan Pruitt\nUSAA Property Claims\n210-555-0119"},

	{Kind: "agent_policy", Claim: "GM0448127", NeedsAck: true,
		From: "Tracy Lyons <tracy@lyonsinsurance.example>", To: office, Date: at(2, 16, 5),
		Subject: "Helen Marsh - policy HO3-448127-11",
		Text:    "Hello, Helen asked me to check whether you received her claim information. Policy HO3-448127-11 with Grange.\n\nTracy Lyons\nLyons Insurance Agency | 614-555-0185"},
}

var marshLog = textPDF("Scanner Pro", "Drying Log",
	lines(`Customer: Helen Marsh     27 W Tulane Rd
Day     Bedroom wall   Hall floor   Dehu GPP   Air movers
11/27   38             31           68         5
11/28   24             19           55         5
11/30   15             12           49         3
12/02   11             10           47         0
Dry standard reached 12/02. Equipment removed 12/02.`)...)

var marshCOS = textPDF("Microsoft Word", "Certificate of Satisfaction",
	lines(`Customer: Helen Marsh
Address: 27 W Tulane Rd, Columbus OH 43202
I certify that the water mitigation work performed by Buckeye Dry & Restore at the address above
has been completed to my satisfaction and that all drying equipment has been removed.
Customer signature: Helen Marsh (signed)    Date: 12/02/2026`)...)

var sporeReport = textPDF("LIMS Report Writer", "Ohio Air Labs - Spore Trap Analysis",
	lines(`Client: Buckeye Dry & Restore     Project: 26-11873 Grace Fellowship Church
Site: 900 E Dublin Granville Rd, Columbus OH     Collected: 11/30/2026  Received: 12/01/2026
Sample   Location              Volume   Total spores/m3   Aspergillus/Penicillium
26-1     Outdoor control       75 L     1,240             160
26-2     Fellowship hall       75 L     18,600            17,900
26-3     Basement storage      75 L     9,300             8,750
Analyst: R. Dunn    Method: direct microscopic examination`)...)

var churchProtocol = textPDF("Microsoft Word", "Mold Remediation Protocol - Scope of Work",
	lines(`Project: Grace Fellowship Church, 900 E Dublin Granville Rd, Columbus OH
Work areas: basement fellowship hall, storage room
1. Set up critical barriers and containment with 6 mil poly; negative air with HEPA air scrubbers.
2. Remove affected drywall 2 ft above visible growth; remove carpet and pad.
3. HEPA vacuum and damp wipe all surfaces; apply antimicrobial.
4. Post-remediation verification sampling by third party before containment is removed.`)...)

var delucaATP = textPDF("iOS Notes", "Work Authorization",
	lines(`Customer: Frank DeLuca        Phone: 614-555-0177
Job address: 1802 Lockbourne Rd, Columbus OH 43207
Carrier: Travelers  Claim: H7R2291
The undersigned authorizes Buckeye Dry & Restore to begin emergency services (water extraction,
drying, removal of damaged materials) and assigns insurance proceeds for this work to Buckeye Dry & Restore.
Signed: Frank DeLuca    12/02/2026`)...)
