package main

var thursday = []msg{
	{Kind: "customer_street_name", Claim: "054419377206", NeedsAck: true,
		From: "Gloria Banks <gbanks55@aol.example>", To: office, Date: at(3, 7, 30),
		Subject: "time today",
		Text:    "This is Gloria on Roswell St. What time is your man coming today? I have a doctor appt at 2.\n\nGloria Banks"},

	{Kind: "ia_file_only", Claim: "054419377206", NeedsAck: true, From: dana, To: office, Date: at(3, 8, 15),
		Subject: "PCS-GA-26-45102",
		Text:    "Photos received, thanks. Please send the dry log when you have 3 days of readings.\n\n" + danaSig},

	{Kind: "adjuster_two_claims_vague", NeedsAck: true, From: amber, To: office, Date: at(3, 9, 0),
		Subject: "updates",
		Text:    "Can you send me updated photos on both of my files when you get a chance? Thanks!\n\n" + amberSig},

	{Kind: "near_unit", NeedsAck: true, From: "Keisha Holt <kholt.ga@gmail.example>", To: office, Date: at(3, 9, 40),
		Subject: "leak from upstairs",
		Text: `Hi, water has been coming into my kitchen from the unit above. I'm at 1880 Austell Rd SW Apt 1206, Marietta. The office said your company is working in the building. Can someone look at mine too?

Keisha Holt`},

	{Kind: "customer_forward_rfc822", Claim: "12-B873-41K", NeedsAck: true,
		From: "Tamika Reeves <tamikareeves22@gmail.example>", To: office, Date: at(3, 10, 30),
		Subject: "Fwd: Your State Farm claim",
		Text:    "See the letter from State Farm below. Do I need to do anything?\n\nTamika",
		Files: []file{{Name: "Your State Farm claim.eml", Inner: &msg{
			From: "State Farm <statefarmclaims@statefarm.example>", To: "tamikareeves22@gmail.example",
			ID: "sf.claims.88213@statefarm.example", Date: at(2, 18, 0), Subject: "Your State Farm claim",
			Text: `Dear Tamika Reeves,

We have received your claim 12-B873-41K for the water damage at your home. Your claim representative is Curtis Bell. Please keep receipts for any additional living expenses.

State Farm Claims`}}}},

	{Kind: "thread_reply_es", Claim: "0738216645", NeedsAck: true, ReplyTo: idSentRosa,
		From: "Rosa Villanueva <rosavillanueva@yahoo.example>", To: office, Date: at(3, 10, 55),
		Subject: "Re: Villanueva - visita del técnico",
		Text:    "Sí, el jueves a las 10 está bien. Gracias\n\nEnviado desde Yahoo Mail para iPhone"},

	{Kind: "payment_notice", Claim: "12-B873-41K",
		From: "State Farm <noreply.payments@statefarm.example>", To: office, Date: at(3, 12, 0),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Payment issued",
		Text: `A payment has been issued.

Claim number: 12-B873-41K
Payee: Peach State Restoration and Tamika Reeves
Amount: $3,906.12
Method: check, mailed 12/17/2026`},

	{Kind: "tech_docs_typeless", Claim: "054419377206", From: luis, To: office, Date: at(3, 13, 20),
		Subject: "",
		Text:    "signed atp\n\n" + luisSig,
		Files:   []file{pdfFile("Doc1.pdf", "atp", banksATP)}},

	{Kind: "tech_docs_typeless", Claim: "GFB-HO-2612203", From: luis, To: office, Date: at(3, 15, 5),
		Subject: "dry log",
		Text:    luisSig,
		Files:   []file{octetPDF("file.pdf", "drying_log", odomLog)}},
}

var banksATP = textPDF("Microsoft Word", "AUTHORIZATION TO PERFORM SERVICES AND DIRECTION OF PAYMENT",
	lines(`Customer: Gloria Banks
Property address: 905 Roswell St NE, Marietta, GA 30060
Insurance company: Safeco Insurance     Claim #: 054419377206
I authorize Peach State Restoration to perform water mitigation at the property above.
Signature: Gloria Banks      Date: 12/15/2026`)...)

var odomLog = textPDF("Adobe Scan", "Drying Log",
	lines(`Job site: 4410 Cedarcrest Rd, Acworth GA
Day   Crawl RH   Joist MC   Dehu out
12/15   88%        31        81F 30%
12/16   71%        24        84F 26%
12/17   58%        18        86F 23%`)...)
