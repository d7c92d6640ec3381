package main

var thursday = []msg{
	{Kind: "fwd_rfc822", Claim: "043118827-02", From: tom, To: office, Date: at(3, 8, 10),
		Subject: "FW: Okafor supplement", Text: "For the file.\n\nTom Kessler | Estimator\nBuckeye Dry & Restore",
		Files: []file{{Name: "Okafor supplement.eml", Inner: &tanyaSupplement}}},

	{Kind: "vendor_partial_number", Claim: "043118827-02", NeedsAck: true,
		From: "Cort Pack-Out Services <ops@cortpackout.example>", To: office, Date: at(3, 8, 45),
		Subject: "Okafor pack-out complete - LM 043118827",
		Text:    "Pack-out at 5906 Brookside Boulevard, Dublin is complete, 212 boxes to our warehouse. Inventory attached.\n\nCort Pack-Out Services | Operations\n614-555-0140",
		Files:   []file{pdfFile("Okafor inventory.pdf", "other", okaforInventory)}},

	{Kind: "lab_auto", Claim: "300-0091827-2026",
		From: "Accurate Flooring Lab <results@accuratefloorlab.example>", To: office, Date: at(3, 9, 15),
		Headers: []string{"Auto-Submitted: auto-generated"}, Subject: "Sample Report FL-558210 ready",
		Text:  "Your flooring sample analysis is attached.\n\nReport: FL-558210\nClaim: 300-0091827-2026\nPolicyholder: JOHNSON, PATRICIA\n\nThis mailbox is not monitored.",
		Files: []file{pdfFile("FL-558210.pdf", "lab_report", flooringReport)}},

	{Kind: "thread_reply_scan", Claim: "300-0091827-2026", NeedsAck: true, ReplyTo: idSentCOS,
		From: "Patricia Johnson <pjohnson1955@att.example>", To: office, Date: at(3, 9, 50),
		Subject: "Re: Johnson - Auto-Owners claim 300-0091827-2026 - COS to sign", Text: "Signed it.\nPatricia",
		Files: []file{pdfFile("Scan 12-3-2026.pdf", "cos", patriciaCOS)}},

	{Kind: "signature_number_trap", NeedsAck: true,
		From: "Greg Fulton <greg@fultoncarpetcare.example>", To: office, Date: at(3, 10, 20),
		Subject: "Carpet cleaning partner for your jobs",
		Text: `Hi Jenna,

We clean and sanitize carpet after water losses all over Columbus and would love to be your go-to partner. Happy to bring donuts by the shop.

Greg Fulton | Fulton Carpet Care
614-555-0193 | BBB Accredited | Lic# 1184402`},

	{Kind: "thread_reply_phone", Claim: "HO-26-3318207", NeedsAck: true, ReplyTo: idSentHassan,
		From: "Nadia Hassan <nhassan.oh@gmail.example>", To: office, Date: at(3, 10, 55),
		Subject: "Re: Hassan - 4471 Refugee Rd - drywall schedule", Text: "Monday works\n\nSent from my iPhone"},

	{Kind: "insured_org_staff", Claim: "LX0011289456", NeedsAck: true,
		From: "Deb Kline <office@gracefellowshipcols.example>", To: office, Date: at(3, 11, 30),
		Subject: "Fellowship hall",
		Text:    "Hi, Pastor Mike asked whether the fellowship hall can be used on Sunday or if the plastic has to stay up.\n\nThanks,\nDeb Kline\nChurch Administrator, Grace Fellowship Church"},

	{Kind: "estimate_package", Claim: "7234-HO-118820", From: tom, To: office, Date: at(3, 12, 15),
		Subject: "Takahashi ESX", Text: "Takahashi estimate for Nationwide.\n\nTom",
		Files: []file{
			{Name: "TAKAHASHI_G.ESX", CType: "application/octet-stream", Data: esx("TAKAHASHI_G", "7234-HO-118820"), DocType: "estimate"},
			pdfFile("TAKAHASHI_G.pdf", "estimate", takahashiEstimate)}},

	{Kind: "customer_address", Claim: "H7R2291", NeedsAck: true,
		From: "Frank DeLuca <fdeluca@comcast.example>", To: office, Date: at(3, 13, 0), Subject: "basement",
		Text: "Your guys left the side door unlocked last night. Please make sure it gets locked.\n\nFrank DeLuca\n1802 Lockbourne"},

	{Kind: "near_claim_number", From: "XactAnalysis <do-not-reply@xactanalysis.example>", To: office, Date: at(3, 13, 30),
		Headers: []string{"Auto-Submitted: auto-generated"}, Subject: "XA Assignment Cancelled: HILL, MARCUS",
		Text: `An assignment sent to your company has been cancelled by the carrier.

  Claim #        H7R2219
  Insured        HILL, MARCUS
  Carrier        Travelers
  Reason         Duplicate assignment

Do not reply to this email.`},

	{Kind: "signature_number_other_claim", Claim: "HO-26-3318207", NeedsAck: true, From: jorge, To: office,
		Date: at(3, 14, 5), Subject: "Hassan - moisture map",
		Text: "Following up on the moisture map for the Hassan loss on Refugee Rd. I need it before I can write the mitigation portion.\n\n" + jorgeSig},

	{Kind: "assignment_table_html", Claim: "A00008802113",
		From: "Erie Insurance Claims <claimsassign@erieinsurance.example>", To: office, Date: at(3, 14, 40),
		Headers: []string{"Auto-Submitted: auto-generated"}, Subject: "Vendor Assignment - Erie Claim A00008802113",
		HTML: souzaAssignment},

	{Kind: "esign_auto", Claim: "WIC-2026-0193374",
		From: "DocuSign <dse_na3@docusign.example>", To: office, Date: at(3, 15, 20),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Completed: Please DocuSign: Buckeye Rebuild Agreement - Johnson",
		Text:    "All parties have completed Please DocuSign: Buckeye Rebuild Agreement - Johnson.\n\nView the completed document attached.\n\nDo Not Share This Email",
		Files:   []file{pdfFile("Buckeye_Rebuild_Agreement.pdf", "atr", johnsonATR)}},

	{Kind: "tech_docs_typeless", Claim: "A00008714426", From: marco, To: office, Date: at(3, 16, 10),
		Subject: "signed release", Text: "Pena signed the release for the upper cabinets.\n\n" + marcoSig,
		Files: []file{pdfFile("scan0003.pdf", "waiver", penaWaiver)}},
}

var tanyaSupplement = msg{From: tanya, To: "Tom Kessler <tkessler@buckeyedry.example>", ID: idTanyaSupp,
	Date: at(2, 17, 30), Subject: "Okafor supplement",
	Text:  "Tom,\n\nI reviewed the supplement for claim 043118827-02 (Okafor). Approved except the second air scrubber after day 4; revised estimate attached.\n\n" + tanyaSig,
	Files: []file{pdfFile("OKAFOR_R_SUPP1.pdf", "estimate", okaforSupplement)}}

const souzaAssignment = `<html><body>
<p><b>Erie Insurance - Vendor Assignment</b></p>
<p>Please contact the customer within 4 hours of this assignment.</p>
<table border="1" cellpadding="4">
<tr><th align="left">Claim</th><td>A00008802113</td></tr>
<tr><th align="left">Customer</th><td>Beatriz Souza</td></tr>
<tr><th align="left">Property</th><td>2604 Indianola Ave, Columbus, OH 43202</td></tr>
<tr><th align="left">Customer phone</th><td>614-555-0129</td></tr>
<tr><th align="left">Loss</th><td>Water - washing machine hose, 12/02/2026</td></tr>
<tr><th align="left">Erie adjuster</th><td>Karen Mullins, kmullins@erieinsurance.example, 614-555-0182</td></tr>
<tr><th align="left">Service</th><td>Water mitigation</td></tr>
</table>
<p>This message was sent automatically.</p>
</body></html>`

var okaforInventory = textPDF("Encircle", "Contents Inventory - Pack-Out",
	lines(`Owner: Raymond Okafor    5906 Brookside Blvd, Dublin OH
Box 1-18     Kitchen: dishes, small appliances
Box 19-64    Living room: books, decor, electronics
Box 65-212   Bedrooms: clothing, linens
Items to clean: 188 boxes    Non-salvageable: 24 boxes`)...)

var flooringReport = textPDF("LabWare", "Accurate Flooring Lab - Sample Analysis Report FL-558210",
	lines(`Client: Buckeye Dry & Restore    Claim: 300-0091827-2026
Property: 64 Oakwood Ave, Newark OH 43055    Policyholder: Patricia Johnson
Sample 1   Basement vinyl sheet flooring   Asbestos: None Detected
Sample 2   Mastic                          Asbestos: Chrysotile 3%
Analysis by PLM, EPA 600/R-93/116`)...)

var patriciaCOS = textPDF("HP Smart", "Certificate of Completion and Satisfaction",
	lines(`Property owner: Patricia Johnson
Address: 64 Oakwood Ave, Newark OH 43055
The mitigation services by Buckeye Dry & Restore are complete and satisfactory, and the equipment has been picked up.
Signature: Patricia Johnson    Date: 12/03/2026`)...)

var takahashiEstimate = textPDF("Xactimate", "TAKAHASHI_G",
	lines(`Insured: Gwen Takahashi    Claim Number: 7234-HO-118820
Property: 315 Chittenden Ave, Columbus, OH 43201    Insurance Company: Nationwide
Kitchen
Remove base cabinetry - detach and reset    12.00 LF
Water extraction from hard surface floor    142.00 SF
Dehumidifier (per 24 hour period) - XLarge    3.00 EA
Grand Total RCV 2,914.50`)...)

var johnsonATR = textPDF("DocuSign", "Authorization to Repair - Rebuild Agreement",
	lines(`Owners: Derek Johnson and Amy Johnson
Property: 77 Larchmont Rd, Upper Arlington, OH 43221
Carrier: Westfield Insurance    Claim: WIC-2026-0193374
The owners engage Buckeye Dry & Restore to repair the water damage to the kitchen (cabinets, drywall, flooring)
for the amount agreed with the carrier, and direct the carrier to pay the contractor.
Signed: Derek Johnson 12/03/2026    Amy Johnson 12/03/2026`)...)

var penaWaiver = textPDF("Genius Scan", "Release and Waiver",
	lines(`Homeowner: Luis Peña     Address: 418 Maple Ave, Westerville OH 43081
I have declined the removal of the upper kitchen cabinets recommended by Buckeye Dry & Restore.
I understand that hidden moisture may remain and release Buckeye Dry & Restore from any claim
for mold or damage resulting from this decision.
Signed: Luis Peña    12/03/2026`)...)

var okaforSupplement = textPDF("Xactimate", "OKAFOR_R_SUPP1",
	lines(`Insured: Raymond Okafor    Claim Number: 043118827-02
Property: 5906 Brookside Blvd, Dublin, OH 43017    Insurance Company: Liberty Mutual
Supplement 1 - Mitigation
Air scrubber (per 24 hour period)    4.00 DA
Seal ceiling with shellac-based sealer    320.00 SF
Deodorize building - hot thermal fog    1,850.00 CF
Grand Total RCV 2,206.40`)...)
