package main

var wednesday = []msg{
	{kind: "adjuster_claim_spaced", claim: "IFB8873", needsAck: true,
		from: "Lynette Shaw <lshaw@travelers.example>", to: office, date: at(2, 8, 10),
		subject: "Claim IFB 8873",
		text: `Hi, I'm covering this file for the holidays. Please send me your current estimate and the drying log.

Lynette Shaw
Travelers | Property
860-555-0166`},

	{kind: "adjuster_number_no_dash", claim: "H26-00731982", needsAck: true,
		from: "Ted Lyons <tlyons@amica.example>", to: office, date: at(2, 8, 45),
		subject: "Clm# H2600731982 mold protocol",
		text: `Good morning. Please send the remediation protocol and the clearance testing results for this one.

Ted Lyons, Amica Mutual
401-555-0128`},

	{kind: "estimate_package", claim: "IFB8873", from: kim, to: office, date: at(2, 9, 30),
		subject: "Kimbrough estimate - IFB8873",
		text:    "Mitigation estimate for Kimbrough, ESX and PDF.\n\nKim Doan\nEstimator, Peach State Restoration",
		files: []file{
			{name: "KIMBROUGH_D.ESX", ctype: "application/octet-stream", data: esx("KIMBROUGH_D", "IFB8873"), docType: "estimate"},
			pdfFile("KIMBROUGH_D.pdf", "estimate", textPDF("Xactimate", "Peach State Restoration",
				lines(`Insured: Dorothy Kimbrough
Property: 640 Whitlock Ave NW, Marietta, GA 30064
Claim Number: IFB8873
Estimate: KIMBROUGH_D
Water Extraction & Remediation
Line item total  4,812.33
Net claim  4,812.33`)...))}},

	{kind: "same_surname_vague", needsAck: true, from: "Ray Tillman <ray@tillmandrywall.example>", to: office, date: at(2, 10, 0),
		subject: "Reeves drywall",
		text: `When do you want us to start the drywall at the Reeves job? We can do Monday.

Ray
Tillman Drywall`},

	{kind: "insured_org_staff", claim: "PH26-0093381", needsAck: true,
		from: "Joan Meyers <jmeyers@accessmgmt.example>", to: office, date: at(2, 11, 20),
		subject: "clubhouse equipment",
		text: `Hi Tasha,

The board wants to know when the fans can come out of the clubhouse. We have a holiday party booked there Saturday.

Joan Meyers
Community Manager, Lakeside Townhomes Association
Access Management Group | 770-555-0152`},

	{kind: "auto_reply", claim: "12-B873-41K", optional: true, replyTo: idSentCurtisMap,
		from: curtis, to: office, date: at(2, 11, 30),
		headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		subject: "Automatic reply: Reeves - 12-B873-41K moisture map",
		text:    "I am out of the office until 12/21 with limited access to email. For urgent matters call 1-800-732-5246."},

	{kind: "lab_auto", claim: "H26-00731982",
		from: "EMLab Reports <reports@emlab.example>", to: office, date: at(2, 13, 0),
		headers: []string{"Auto-Submitted: auto-generated"},
		subject: "Report ready: Order 2612-8841",
		text:    "Your results for order 2612-8841 are attached.\n\nThis is an automated message.",
		files: []file{pdfFile("Report_2612-8841.pdf", "lab_report", textPDF("EMLab", "Spore Trap Analysis Report",
			lines(`Client: Peach State Restoration
Project: Natarajan - 5120 Sandy Plains Rd, Marietta GA
Sampled: 12/15/2026   Received: 12/15/2026
Sample 1 Primary bedroom closet  Aspergillus/Penicillium  1,240 spores/m3
Sample 2 Outdoor control          Aspergillus/Penicillium    310 spores/m3`)...))}},

	{kind: "thread_reply_phone", claim: "H26-00731982", needsAck: true, replyTo: idSentPriya,
		from: "Priya Natarajan <priya.nat@outlook.example>", to: office, date: at(2, 14, 12),
		subject: "RE: Drywall crew",
		text:    "Friday works. Side door will be open.\n\nGet Outlook for Android"},

	{kind: "customer_new_address", claim: "046273118-01", needsAck: true,
		from: "Marcus Reeves <mreeves@kennesawlogistics.example>", to: office, date: at(2, 15, 40),
		subject: "Certificate",
		text: `Hello, this is Marcus Reeves at 88 Cherokee St in Kennesaw. My adjuster says she still needs the completion certificate from you. Can you send it to her?

Thanks,
Marcus`},
}
