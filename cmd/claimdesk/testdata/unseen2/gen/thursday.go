package main

var thursday = []msg{
	{kind: "customer_street_name", claim: "054419377206", needsAck: true,
		from: "Gloria Banks <gbanks55@aol.example>", to: office, date: at(3, 7, 30),
		subject: "time today",
		text:    "This is Gloria on Roswell St. What time is your man coming today? I have a doctor appt at 2.\n\nGloria Banks"},

	{kind: "ia_file_only", claim: "054419377206", needsAck: true, from: dana, to: office, date: at(3, 8, 15),
		subject: "PCS-GA-26-45102",
		text:    "Photos received, thanks. Please send the dry log when you have 3 days of readings.\n\n" + danaSig},

	{kind: "adjuster_two_claims_vague", needsAck: true, from: amber, to: office, date: at(3, 9, 0),
		subject: "updates",
		text:    "Can you send me updated photos on both of my files when you get a chance? Thanks!\n\n" + amberSig},

	{kind: "near_unit", needsAck: true, from: "Keisha Holt <kholt.ga@gmail.example>", to: office, date: at(3, 9, 40),
		subject: "leak from upstairs",
		text: `Hi, water has been coming into my kitchen from the unit above. I'm at 1880 Austell Rd SW Apt 1206, Marietta. The office said your company is working in the building. Can someone look at mine too?

Keisha Holt`},

	{kind: "customer_forward_rfc822", claim: "12-B873-41K", needsAck: true,
		from: "Tamika Reeves <tamikareeves22@gmail.example>", to: office, date: at(3, 10, 30),
		subject: "Fwd: Your State Farm claim",
		text:    "See the letter from State Farm below. Do I need to do anything?\n\nTamika",
		files: []file{{name: "Your State Farm claim.eml", inner: &msg{
			from: "State Farm <statefarmclaims@statefarm.example>", to: "tamikareeves22@gmail.example",
			id: "sf.claims.88213@statefarm.example", date: at(2, 18, 0), subject: "Your State Farm claim",
			text: `Dear Tamika Reeves,

We have received your claim 12-B873-41K for the water damage at your home. Your claim representative is Curtis Bell. Please keep receipts for any additional living expenses.

State Farm Claims`}}}},

	{kind: "thread_reply_es", claim: "0738216645", needsAck: true, replyTo: idSentRosa,
		from: "Rosa Villanueva <rosavillanueva@yahoo.example>", to: office, date: at(3, 10, 55),
		subject: "Re: Villanueva - visita del técnico",
		text:    "Sí, el jueves a las 10 está bien. Gracias\n\nEnviado desde Yahoo Mail para iPhone"},

	{kind: "payment_notice", claim: "12-B873-41K",
		from: "State Farm <noreply.payments@statefarm.example>", to: office, date: at(3, 12, 0),
		headers: []string{"Auto-Submitted: auto-generated"},
		subject: "Payment issued",
		text: `A payment has been issued.

Claim number: 12-B873-41K
Payee: Peach State Restoration and Tamika Reeves
Amount: $3,906.12
Method: check, mailed 12/17/2026`},

	{kind: "tech_docs_typeless", claim: "054419377206", from: luis, to: office, date: at(3, 13, 20),
		subject: "",
		text:    "signed atp\n\n" + luisSig,
		files:   []file{pdfFile("Doc1.pdf", "atp", banksATP)}},

	{kind: "tech_docs_typeless", claim: "GFB-HO-2612203", from: luis, to: office, date: at(3, 15, 5),
		subject: "dry log",
		text:    luisSig,
		files:   []file{octetPDF("file.pdf", "drying_log", odomLog)}},
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
