package main

var wednesday = []msg{
	{kind: "adjuster_claim_spaced", claim: "GM0448127", needsAck: true,
		from: "Kyle Voss <kvoss@grangeinsurance.example>", to: office, date: at(2, 8, 5), subject: "GM 0448127 Marsh",
		text: "Jenna, is the Marsh job dry yet? I'd like the final readings and COS so I can close the mitigation side.\n\nKyle Voss\nGrange Insurance | Property Claims\n614-555-0174"},

	{kind: "adjuster_clm_prefix", claim: "043118827-02", needsAck: true, from: tanya, to: office, date: at(2, 8, 40),
		subject: "CLM# 043118827-02 pack-out",
		text:    "Raymond Okafor's pack-out: the contents vendor will be there at 8 tomorrow. Please have your crew meet them.\n\n" + tanyaSig},

	{kind: "thread_reply_phone", claim: "A00008714426", needsAck: true, replyTo: idSentPickup,
		from: "Luis Peña <lpena418@gmail.example>", to: office, date: at(2, 8, 55),
		subject: "Re: Equipment pickup Wednesday", text: "Ok sounds good\n\nSent from my Galaxy"},

	{kind: "near_claim_number", needsAck: true, from: "Bill Renner <brenner@erieinsurance.example>", to: office,
		date: at(2, 9, 20), subject: "A00008714427",
		text: `Quick question on A00008714427 - did your crew already go out to the Tillman house on Cherry St? The insured says nobody has called her.

Bill Renner
Erie Insurance | 614-555-0189`},

	{kind: "tech_docs_typeless", claim: "GM0448127", from: dwayne, to: office, date: at(2, 10, 10),
		subject: "Marsh final", text: "Final readings, Marsh is dry. COS signed, pickup done.\n\n" + dwayneSig,
		files: []file{pdfFile("scan0007.pdf", "drying_log", marshLog), pdfFile("Doc1.pdf", "cos", marshCOS)}},

	{kind: "customer_forward", claim: "GM0448127", needsAck: true,
		from: "Helen Marsh <hmarsh27@aol.example>", to: office, date: at(2, 10, 45), subject: "Fwd: Your Grange claim",
		text: `Is this something you need from me?

---------- Forwarded message ---------
From: Grange Insurance <noreply@grangeinsurance.example>
Date: Tue, Dec 1, 2026 at 4:12 PM
Subject: Your Grange claim
To: <hmarsh27@aol.example>

Dear Helen Marsh,

This confirms your claim GM0448127 for water damage at 27 W Tulane Rd, Columbus OH 43202. Your adjuster is Kyle Voss. Please keep receipts for any expenses.

Grange Insurance`},

	{kind: "lab_person", claim: "LX0011289456", needsAck: true,
		from: "Anita Shah <ashah@ohioairlabs.example>", to: office, date: at(2, 11, 20),
		subject: "Lab results - Project 26-11873",
		text:    "Hi Jenna,\n\nAttached are the results for project 26-11873 (Grace Fellowship Church), 3 spore trap samples collected 11/30.\n\nAnita Shah\nOhio Air Labs | 614-555-0170",
		files:   []file{pdfFile("Report_26-11873.pdf", "lab_report", sporeReport)}},

	{kind: "tech_docs_typeless", claim: "LX0011289456", from: dwayne, to: office, date: at(2, 12, 0),
		subject: "church protocol", text: "Protocol for Grace Fellowship, for the IA.\n\n" + dwayneSig,
		files: []file{octetPDF("file.pdf", "scope", churchProtocol)}},

	{kind: "vendor_es", claim: "HO-26-3318207", needsAck: true,
		from: "Hermanos Díaz Drywall <hdiazdrywall@gmail.example>", to: office, date: at(2, 13, 10),
		subject: "Fotos drywall",
		text:    "Buenas tardes, aquí están las fotos del drywall nuevo en la casa de la señora Hassan en Refugee Rd. Terminamos hoy.\n\nRubén Díaz",
		files:   []file{jpg("IMG-20261202-WA0004.jpg", 8)}},

	{kind: "thread_reply", claim: "H7R2291", needsAck: true, replyTo: idSentDeLuca,
		from: "Sheila Grant <sgrant@travelers.example>", to: office, date: at(2, 13, 45),
		subject: "RE: New loss - DeLuca - please contact insured",
		text:    "Thanks. Please also send the moisture map once it's drawn.\n\nSheila"},

	{kind: "tech_docs_typeless", claim: "H7R2291", from: marco, to: office, date: at(2, 14, 15),
		subject: "DeLuca ATP + pics", text: "Signed this morning.\n\n" + marcoSig,
		files: []file{pdfFile("Doc - Dec 2 2026 - 9-41 AM.pdf", "atp", delucaATP), jpg("IMG_4410.jpg", 9)}},

	{kind: "after_assignment", claim: "7234-HO-118820", needsAck: true,
		from: "Darnell Hughes <dhughes@nationwide.example>", to: office, date: at(2, 14, 50),
		subject: "7234-HO-118820 Takahashi",
		text:    "Received the photos, thanks. Please send the ESX when you have it.\n\nDarnell Hughes\nNationwide | Property Field Claims | (614) 555-0111"},

	{kind: "adjuster_claim_spaced", claim: "017422361-003", needsAck: true,
		from: "Megan Pruitt <mpruitt@usaa.example>", to: office, date: at(2, 15, 20),
		subject: "USAA 017422361 003 Ibarra - drying",
		text:    "Hello, following up on member Carlos Ibarra's claim. Please send the drying logs and the equipment list.\n\nMegan Pruitt\nUSAA Property Claims\n210-555-0119"},

	{kind: "agent_policy", claim: "GM0448127", needsAck: true,
		from: "Tracy Lyons <tracy@lyonsinsurance.example>", to: office, date: at(2, 16, 5),
		subject: "Helen Marsh - policy HO3-448127-11",
		text:    "Hello, Helen asked me to check whether you received her claim information. Policy HO3-448127-11 with Grange.\n\nTracy Lyons\nLyons Insurance Agency | 614-555-0185"},
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
