package main

var wednesday = []msg{
	{Kind: "adjuster_claim_spaced", Claim: "IFB8873", NeedsAck: true,
		From: "Lynette Shaw <lshaw@travelers.example>", To: office, Date: at(2, 8, 10),
		Subject: "Claim IFB 8873",
		Text: `Hi, I'm covering this file for the holidays. Please send me your current estimate and the drying log.

Lynette Shaw
Travelers | Property
860-555-0166`},

	{Kind: "adjuster_number_no_dash", Claim: "H26-00731982", NeedsAck: true,
		From: "Ted Lyons <tlyons@amica.example>", To: office, Date: at(2, 8, 45),
		Subject: "Clm# H2600731982 mold protocol",
		Text: `Good morning. Please send the remediation protocol and the clearance testing results for this one.

Ted Lyons, Amica Mutual
401-555-0128`},

	{Kind: "estimate_package", Claim: "IFB8873", From: kim, To: office, Date: at(2, 9, 30),
		Subject: "Kimbrough estimate - IFB8873",
		Text:    "Mitigation estimate for Kimbrough, ESX and PDF.\n\nKim Doan\nEstimator, Peach State Restoration",
		Files: []file{
			{Name: "KIMBROUGH_D.ESX", CType: "application/octet-stream", Data: esx("KIMBROUGH_D", "IFB8873"), DocType: "estimate"},
			pdfFile("KIMBROUGH_D.pdf", "estimate", textPDF("Xactimate", "Peach State Restoration",
				lines(`Insured: Dorothy Kimbrough
Property: 640 Whitlock Ave NW, Marietta, GA 30064
Claim Number: IFB8873
Estimate: KIMBROUGH_D
Water Extraction & Remediation
Line item total  4,812.33
Net claim  4,812.33`)...))}},

	{Kind: "same_surname_vague", NeedsAck: true, From: "Ray Tillman <ray@tillmandrywall.example>", To: office, Date: at(2, 10, 0),
		Subject: "Reeves drywall",
		Text: `When do you want us to start the drywall at the Reeves job? We can do Monday.

Ray
Tillman Drywall`},

	{Kind: "insured_org_staff", Claim: "PH26-0093381", NeedsAck: true,
		From: "Joan Meyers <jmeyers@accessmgmt.example>", To: office, Date: at(2, 11, 20),
		Subject: "clubhouse equipment",
		Text: `Hi Tasha,

The board wants to know when the fans can come out of the clubhouse. We have a holiday party booked there Saturday.

Joan Meyers
Community Manager, Lakeside Townhomes Association
Access Management Group | 770-555-0152`},

	{Kind: "auto_reply", Claim: "12-B873-41K", Optional: true, ReplyTo: idSentCurtisMap,
		From: curtis, To: office, Date: at(2, 11, 30),
		Headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		Subject: "Automatic reply: Reeves - 12-B873-41K moisture map",
		Text:    "I am out of the office until 12/21 with limited access to email. For urgent matters call 1-800-732-5246."},

	{Kind: "lab_auto", Claim: "H26-00731982",
		From: "EMLab Reports <reports@emlab.example>", To: office, Date: at(2, 13, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Report ready: Order 2612-8841",
		Text:    "Your results for order 2612-8841 are attached.\n\nThis is an automated message.",
		Files: []file{pdfFile("Report_2612-8841.pdf", "lab_report", textPDF("EMLab", "Spore Trap Analysis Report",
			lines(`Client: Peach State Restoration
Project: Natarajan - 5120 Sandy Plains Rd, Marietta GA
Sampled: 12/15/2026   Received: 12/15/2026
Sample 1 Primary bedroom closet  Aspergillus/Penicillium  1,240 spores/m3
Sample 2 Outdoor control          Aspergillus/Penicillium    310 spores/m3`)...))}},

	{Kind: "thread_reply_phone", Claim: "H26-00731982", NeedsAck: true, ReplyTo: idSentPriya,
		From: "Priya Natarajan <priya.nat@outlook.example>", To: office, Date: at(2, 14, 12),
		Subject: "RE: Drywall crew",
		Text:    "Friday works. Side door will be open.\n\nGet Outlook for Android"},

	{Kind: "customer_new_address", Claim: "046273118-01", NeedsAck: true,
		From: "Marcus Reeves <mreeves@kennesawlogistics.example>", To: office, Date: at(2, 15, 40),
		Subject: "Certificate",
		Text: `Hello, this is Marcus Reeves at 88 Cherokee St in Kennesaw. My adjuster says she still needs the completion certificate from you. Can you send it to her?

Thanks,
Marcus`},
}
