package main

var friday = []msg{
	{Kind: "ia_estimate_reply", Claim: "001-00-421906", NeedsAck: true, From: rick, To: office, Date: at(4, 8, 15),
		Subject: "Whitaker - mitigation estimate",
		Text: `Estimate reviewed and agreed at $6,412.75 for Citizens claim 00100421906. Citizens will issue payment jointly to the insured and Suncoast.

` + rickSig},

	{Kind: "adjuster_surname_street", Claim: "UPC26-117502", NeedsAck: true, From: brenda, To: office, Date: at(4, 8, 50),
		Subject: "Carter / Bay Vista - flooring",
		Text: `I have the ITEL report on the vinyl plank. Do you have a rebuild number yet for the kitchen and dining room?

Brenda Koval
Universal Property & Casualty | Desk Adjuster
954-555-0148`},

	{Kind: "customer_phone_name", Claim: "59-48N7-702", NeedsAck: true,
		From: "hl1947@tampabay.rr.example", To: office, Date: at(4, 9, 20),
		Subject: "thank you",
		Text:    "Lindqvist here. Your men got all the fans out Tuesday and left the place clean. Thank you.\n\nSent from my iPad"},

	{Kind: "prospect_near_street", NeedsAck: true, From: "Bev Honeycutt <bhoneycutt@gmail.example>", To: office, Date: at(4, 9, 45),
		Subject: "estimate?",
		Text:    "Do you do estimates for water damage from an AC drain line? 6124 38th Ave N, St. Petersburg. Thanks, Bev Honeycutt"},

	{Kind: "vendor_invoice_pod", Claim: "031882450-004", NeedsAck: true,
		From: "Mobile Mini Tampa <ar.tampa@mobilemini.example>", To: office, Date: at(4, 10, 30),
		Subject: "Mobile Mini Invoice 5520913",
		Text: `Please find attached your invoice for the storage container at 2706 W Tacon St (Dominguez).

Mobile Mini Tampa | 813-555-0133`,
		Files: []file{pdfFile("Invoice_5520913.pdf", "invoice", textPDF("Mobile Mini", "INVOICE 5520913",
			lines(`Mobile Mini Solutions
Bill to: Suncoast Dry & Restore
Site: 2706 W Tacon St, Tampa FL 33629
Customer ref: Dominguez contents
20 ft storage container, 28 days    $245.00
Delivery and pickup                 $180.00
Total                               $425.00`)...))}},

	{Kind: "newsletter", From: "Florida Insurance Watch <editor@flinswatch.example>", To: office, Date: at(4, 11, 0),
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <mailto:unsubscribe@flinswatch.example>"},
		Subject: "Citizens, Heritage and Universal raise mitigation documentation requirements",
		Text: `This week: Citizens, Heritage and Universal Property now ask for a moisture map and daily logs
with every mitigation invoice. A Bayshore Blvd homeowner in Dunedin and a Tacon St family in
South Tampa told us about their wait for a second inspection.

To unsubscribe, reply with "unsubscribe".`},

	{Kind: "tech_docs_typeless", Claim: "59-51R2-336", From: cody, To: office, Date: at(4, 12, 40),
		Subject: "seminole blvd",
		Text:    "cos\n\n" + codySig,
		Files:   []file{pdfFile("IMG_4512.pdf", "cos", baptisteCOS)}},

	{Kind: "thread_reply_phone", Claim: "HCI1224088", NeedsAck: true, ReplyTo: idSentOkafor,
		From: "Thomas Okafor <tokafor@okaforlaw.example>", To: office, Date: at(4, 13, 30),
		Subject: "Re: Dumpster drop-off Thursday",
		Text:    "They moved it, thanks. When will it be picked up?\n\nSent from my iPhone"},

	{Kind: "customer_first_name", Claim: "FP26-HO-008821", NeedsAck: true,
		From: "Linda Pruitt <lindap.stpete@yahoo.example>", To: office, Date: at(4, 14, 15),
		Subject: "kitchen cabinets",
		Text:    "Hi it's Linda in 402. Can I put the dishes back in the lower cabinets yet or should I wait?\n\nLinda"},

	{Kind: "after_assignment", Claim: "FP26-HO-008821", NeedsAck: true,
		From: "Mark Sato <msato@floridapeninsula.example>", To: office, Date: at(4, 15, 0),
		Subject: "Pruitt",
		Text: `Hello,

Please upload your mitigation estimate and day 1 photos for the Pruitt loss to XactAnalysis. I'm reviewing Monday.

Mark Sato
Florida Peninsula Insurance | Field Claims
813-555-0150`},
}

var baptisteCOS = textPDF("Adobe Scan", "CERTIFICATE OF COMPLETION",
	lines(`Suncoast Dry & Restore
Customer: Yvonne Baptiste
Property: 7811 Seminole Blvd, Seminole FL 33772
The water mitigation at the property above is complete and I am satisfied with the work.
Signed: Yvonne Baptiste      Date: 01/08/2027`)...)
