package main

import (
	"fmt"
	"time"
)

const office = "claims@evergreendryout.example"

var pacific = time.FixedZone("PST", -8*3600)

func at(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 17, 0, pacific) }

func signedForm(title, body string, fields ...string) []byte {
	lines := append([]string{}, fields...)
	lines = append(lines, "", body, "", "Owner signature: ______(signed)______    Date: 12/04/2026",
		"Evergreen Dry-Out & Restoration  |  1102 S Tacoma Way, Tacoma, WA 98409  |  (253) 555-0100")
	return textPDF("Evergreen Field App 4.2", title, lines...)
}

func inbox() []message {
	var ms []message
	add := func(m message) { ms = append(ms, m) }

	assignmentsAndFieldMail(add)
	scansAndPhotosOfForms(add)
	vendorsLabsAndHomeowners(add)
	machinesAndNearMisses(add)
	jobPaperwork(add)
	repliesAndThreads(add)
	lastMail(add)

	for i := range ms {
		ms[i].id = fmt.Sprintf("%d.%03d.heldout@%s", 20261200+ms[i].date.Day(), i+1, hostOf(ms[i].from))
	}
	return ms
}

// assignmentsAndFieldMail adds messages 1–5: an assignment, technicians,
// adjusters naming claims loosely.
func assignmentsAndFieldMail(add func(message)) {
	// 1. A forwarded XactAnalysis assignment, in its own layout, from the owner.
	add(message{kind: "assignment_forwarded", claim: "0477812340",
		from: "Dale Moody <dale@evergreendryout.example>", to: office, date: at(1, 8, 12),
		subject: "FW: XactAnalysis Assignment - FITZGERALD, DEBORAH - 0477812340",
		body: text(`Jess - new one from Safeco, can you get Luis out there this morning?

Dale

-----Original Message-----
From: XactAnalysis <notifications@xactanalysis.example>
Sent: Tuesday, December 1, 2026 7:48 AM
To: Dale Moody <dale@evergreendryout.example>
Subject: XactAnalysis Assignment - FITZGERALD, DEBORAH - 0477812340

NEW ASSIGNMENT NOTIFICATION

Assignment Information
  Carrier ............ Safeco Insurance
  Claim # ............ 0477812340
  Policy # ........... OY4471290
  Date of Loss ....... 11/30/2026
  Type of Loss ....... Water Damage - Plumbing Supply Line

Insured
  FITZGERALD, DEBORAH
  Loss Location: 2710 N ADAMS ST, TACOMA, WA 98407
  Home: (253) 555-0177

Assigned By
  Alan Pierce, Property Desk Adjuster
  apierce@safeco.example  (206) 555-0142

Please contact the insured within 2 hours and upload the first notice of loss photos to XactAnalysis.
This is an automated message. Please do not reply.`)})

	// 2. Technician from an iPhone: HEIC and JPEG photos, job number in the body only.
	add(message{kind: "tech_iphone_photos", claim: "53-8B21-4T60",
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: office, date: at(1, 9, 3),
		subject: "Birchwood",
		docs:    [][2]string{{"IMG_4412.HEIC", "photo"}, {"IMG_4413.HEIC", "photo"}, {"IMG_4414.JPG", "photo"}},
		body: multi("mixed", text("Day 1 pics for WTR-260412. Kitchen and hall bath, wet to 24in.\n\nSent from my iPhone"),
			file("image/heic", "IMG_4412.HEIC", heic(1)), file("image/heic", "IMG_4413.HEIC", heic(2)),
			file("image/jpeg", "IMG_4414.JPG", scenePhoto(3)))})

	// 3. State Farm adjuster, quoted-printable, claim number in subject.
	add(message{kind: "adjuster_update", claim: "53-8B21-4T60", needsAck: true,
		from: "Rachel Kim <rachel.kim@statefarm.example>", to: office, date: at(1, 10, 41),
		subject: "Claim 53-8B21-4T60 / Nguyen / request for mitigation estimate",
		body: qpText(`Good morning,

I have been assigned the above water loss for our insured Thanh Nguyen. Please send your mitigation estimate, the moisture map and the signed work authorization once available so I can review.

Thank you,
Rachel Kim
Claim Specialist | State Farm® Fire Claims
Phone: (844) 555-0119  Fax: (844) 555-0120
Please include the claim number on all correspondence.`)})

	// 4. Another State Farm person names only the insured's surname and street.
	add(message{kind: "name_and_street", claim: "53-8B21-4T60", needsAck: true,
		from: "Ben Sato <ben.sato@statefarm.example>", to: office, date: at(1, 13, 5),
		subject: "Drying status",
		body: text(`Hi team,

I'm covering Rachel's files this week. Where are we on drying at the Nguyen loss on Birchwood Dr? Can someone send me the latest moisture readings?

Ben Sato
State Farm`)})

	// 5. Allstate adjuster names the insured and street, no number.
	add(message{kind: "name_and_street", claim: "0623456789", needsAck: true,
		from: "Tom Becker <tbecker@claims.allstate.example>", to: office, date: at(1, 14, 22),
		subject: "Delgado - Alder Ct",
		body: text(`Hello,

Following up on the Delgado water loss on Alder Ct. Did your tech find the source? Please send photos of the supply line and the 24 hr scope.

Tom Becker | Allstate Claims
(800) 555-0155 ext 4412`)})

}

// scansAndPhotosOfForms adds messages 6–9: quoted history, scans and
// photos of signed forms.
func scansAndPhotosOfForms(add func(message)) {
	// 6. Outlook reply: the claim number is only in the quoted history.
	add(message{kind: "outlook_quoted_only", claim: "0623456789", needsAck: true,
		from: "Tom Becker <tbecker@claims.allstate.example>", to: office, date: at(2, 9, 18),
		subject: "RE: Estimate",
		headers: []string{"In-Reply-To: <BY5PR11MB4012A@evergreendryout.example>", "Thread-Topic: Estimate",
			"Thread-Index: AdtE7Z3qk0r8Q1yZS0a3w6x2bT9k7A=="},
		body: text(`Approved as written. Please proceed with demo of the lower 2 ft of drywall.

Tom

From: Jessica Moody <jmoody@evergreendryout.example>
Sent: Tuesday, December 1, 2026 4:55 PM
To: Tom Becker <tbecker@claims.allstate.example>
Subject: Estimate

Hi Tom,

Attached is our mitigation estimate for claim 0623456789, insured Maria Delgado. Please let us know if you approve the flood cut.

Thanks,
Jessica Moody
Evergreen Dry-Out & Restoration`)})

	// 7. Copier scan with a text layer, name says nothing: a signed ATP.
	atpOkonkwo := signedForm("WORK AUTHORIZATION / AUTHORIZATION TO PERFORM",
		"I authorize Evergreen Dry-Out & Restoration to perform emergency water mitigation at the property above and direct my insurer to pay Evergreen for these services.",
		"Customer: Peter Okonkwo", "Property: 3302 N Proctor St, Tacoma, WA 98407",
		"Insurance: Cascade Mutual Insurance    Claim #: CLM-2026-004512", "Job #: WTR-260415")
	add(message{kind: "copier_scan_text", claim: "CLM-2026-004512",
		from: "Sharp MX-3071 <scanner@evergreendryout.example>", to: office, date: at(2, 9, 32),
		subject: "Scanned from MX-3071",
		docs:    [][2]string{{"Scan_20261202_0932.pdf", "atp"}},
		body: multi("mixed", text("Please find attached your scanned document.\n\nDevice Name: MX-3071\nDevice Location: Front office\n"),
			file("application/pdf", "Scan_20261202_0932.pdf", atpOkonkwo))})

	// 8. Image-only scan of a signed COS, no subject, no body.
	cosWhitfield := signedForm("CERTIFICATE OF SATISFACTION",
		"I am satisfied with the emergency services performed by Evergreen Dry-Out & Restoration and authorize payment to be made directly to Evergreen. The drying equipment was picked up today.",
		"Customer: Gary Whitfield", "Property: 15 Summit View Rd NW, Gig Harbor, WA 98335",
		"Insurance: Travelers    Claim #: H-55190273")
	add(message{kind: "scan_only", claim: "H-55190273", ocr: true,
		from: "Amy Cho <acho@evergreendryout.example>", to: office, date: at(2, 11, 2),
		subject: "",
		docs:    [][2]string{{"doc00412320261202.pdf", "cos"}},
		body:    multi("mixed", text(""), file("application/pdf", "doc00412320261202.pdf", scanPDF(cosWhitfield, 8)))})

	// 9. Phone photo of a signed waiver.
	waiverTran := signedForm("CUSTOMER WAIVER / RELEASE OF LIABILITY",
		"The owner declines removal of the wet hardwood flooring recommended by Evergreen and releases Evergreen Dry-Out & Restoration from any claim for mold or further damage resulting from this decision.",
		"Customer: Linh Tran", "Property: 915 S 56th St, Tacoma, WA 98408", "Insurance: Farmers    Claim #: 3008124577-1-1")
	add(message{kind: "form_photo", claim: "3008124577-1-1", ocr: true,
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: office, date: at(2, 12, 40),
		subject: "signed",
		docs:    [][2]string{{"IMG_4520.JPG", "waiver"}},
		body:    multi("mixed", text("Sent from my iPhone"), file("image/jpeg", "IMG_4520.JPG", phonePhoto(waiverTran)))})
}

// vendorsLabsAndHomeowners adds messages 10–19: vendors, labs, homeowners, automatic mail.
func vendorsLabsAndHomeowners(add func(message)) {
	// 10. Dumpster vendor invoice naming the address with the street spelled out.
	add(message{kind: "vendor_address", claim: "PM-0078812", needsAck: true,
		from: "Pierce County Roll-Off <billing@pcrolloff.example>", to: office, date: at(2, 15, 10),
		subject: "Invoice INV-20417 from Pierce County Roll-Off",
		headers: []string{"X-Mailer: QuickBooks Online"},
		docs:    [][2]string{{"INV-20417.pdf", "invoice"}},
		body: multi("mixed", text(`Dear Customer,

Your invoice INV-20417 for $685.00 is attached. Service: 20 yard roll-off container, delivered 12/01/2026.
Service address: 1420 East 34th Street, Tacoma WA

Thanks for your business!
Pierce County Roll-Off`),
			file("application/pdf", "INV-20417.pdf", textPDF("QuickBooks", "INVOICE INV-20417",
				"Pierce County Roll-Off LLC", "Bill to: Evergreen Dry-Out & Restoration",
				"Service address: 1420 East 34th Street, Tacoma WA", "Date: 12/02/2026   Terms: Net 30",
				"20 yd roll-off, 7 day rental ........ $595.00", "Haul / disposal fee ........ $90.00", "Balance due: $685.00")))})

	// 11. Storage pod invoice quoting the job number as the PO.
	add(message{kind: "vendor_po", claim: "H-55190273", needsAck: true,
		from: "PODS Billing <billing@pods.example>", to: office, date: at(3, 7, 55),
		subject: "Your PODS invoice 881204",
		docs:    [][2]string{{"Invoice_881204.pdf", "invoice"}},
		body: multi("mixed", text("Attached is invoice 881204 for your container rental. PO: FIR-260414\n\nPODS Enterprises"),
			file("application/pdf", "Invoice_881204.pdf", textPDF("PODS", "Invoice 881204",
				"Customer PO: FIR-260414", "Container: 16 ft, delivered to 15 Summit View Rd NW, Gig Harbor WA",
				"Monthly rent ........ $249.00", "Delivery ........ $89.95", "Amount due: $338.95")))})

	// 12. Mold lab report from another lab.
	add(message{kind: "lab_report", claim: "30254B778912-0001", needsAck: true,
		from: "EMLab P&K <reports@emlabpk.example>", to: office, date: at(3, 10, 14),
		subject: "Final Report: Order 2611-0487 (Harbor Point Unit 12)",
		docs:    [][2]string{{"EMLab_2611-0487_Final.pdf", "lab_report"}},
		body: multi("mixed", text("Your final report is attached.\n\nProject: Harbor Point Unit 12, 4410 Ruston Way\nClient reference: MLD-260416\n\nEMLab P&K customer service"),
			file("application/pdf", "EMLab_2611-0487_Final.pdf", textPDF("EMLab", "SPORE TRAP ANALYSIS REPORT",
				"Order #: 2611-0487    Date received: 12/01/2026", "Project: Harbor Point Unit 12, 4410 Ruston Way, Tacoma WA",
				"Client: Evergreen Dry-Out & Restoration", "Sample 1 (outside): Cladosporium 240 spores/m3",
				"Sample 2 (bathroom): Aspergillus/Penicillium 4,800 spores/m3", "Analyst: J. Park, laboratory manager")))})

	// 13. Asbestos lab, job on the report only as the carrier claim number.
	add(message{kind: "lab_report", claim: "CLM-2026-004512", needsAck: true,
		from: "NVL Laboratories <results@nvllabs.example>", to: office, date: at(3, 11, 40),
		subject: "NVL Batch 2612044 results",
		docs:    [][2]string{{"2612044.pdf", "lab_report"}},
		body: multi("mixed", text("Results for batch 2612044 are attached.\nClient project: Okonkwo / CLM-2026-004512\n"),
			file("application/pdf", "2612044.pdf", textPDF("NVL", "Asbestos Bulk Sample Analysis - PLM",
				"Batch: 2612044   Client project: Okonkwo / CLM-2026-004512", "Location: 3302 N Proctor St, Tacoma",
				"Sample 1: drywall joint compound - None Detected", "Sample 2: vinyl sheet flooring - Chrysotile 3%",
				"Analyzed by polarized light microscopy, EPA 600/R-93/116")))})

	// 14. Spanish homeowner with photos from Android.
	add(message{kind: "spanish_homeowner", claim: "PM-0078812", needsAck: true,
		from: "Rosa Hernández <rosahdz1967@gmail.example>", to: office, date: at(3, 13, 2),
		subject: "Fotos de la cocina",
		docs:    [][2]string{{"IMG_20261203_125511.jpg", "photo"}, {"IMG_20261203_125530.jpg", "photo"}},
		body: multi("mixed", qpText("Hola buenas tardes,\n\nLes mando las fotos del piso de la cocina, todavía está húmedo debajo del refrigerador. La dirección es 1420 E 34th St.\n\nGracias,\nRosa Hernández"),
			file("image/jpeg", "IMG_20261203_125511.jpg", scenePhoto(14)), file("image/jpeg", "IMG_20261203_125530.jpg", scenePhoto(15)))})

	// 15. Vietnamese homeowner, base64 body, name written surname first.
	add(message{kind: "vietnamese_homeowner", claim: "3008124577-1-1", needsAck: true,
		from: "Trần Linh <linh.tran88@gmail.example>", to: office, date: at(3, 20, 47),
		subject: "Máy hút ẩm kêu to quá",
		body:    b64Text("Chào anh chị,\n\nTôi là Trần Linh, nhà ở 915 S 56th St. Máy hút ẩm kêu to quá vào ban đêm, tôi có thể tắt máy vào ban đêm được không?\n\nCảm ơn,\nLinh"),
	})

	// 16. Out-of-office with the marks.
	add(message{kind: "auto_reply", claim: "0623456789", optional: true,
		from: "Tom Becker <tbecker@claims.allstate.example>", to: office, date: at(4, 8, 1),
		subject: "Automatic reply: Delgado - 0623456789 - drying log",
		headers: []string{"Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All"},
		body:    text("I am out of the office until Monday 12/7 with limited access to email. For urgent matters please call 800-555-0155.")})

	// 17. Out-of-office without Auto-Submitted: only Exchange's marks.
	add(message{kind: "auto_reply", claim: "CLM-2026-004512", optional: true,
		from: "Heidi Larsen <hlarsen@cascademutual.example>", to: office, date: at(4, 8, 30),
		subject: "Out of Office: CLM-2026-004512 Okonkwo - ATP and photos",
		headers: []string{"X-Auto-Response-Suppress: All", "X-MS-Exchange-Inbox-Rules-Loop: hlarsen@cascademutual.example"},
		body:    text("Thank you for your email. I am out of the office returning December 8. Claims needing immediate attention can be sent to newclaims@cascademutual.example.")})

	// 18. Newsletter.
	add(message{kind: "newsletter",
		from: "Restoration Today <news@restorationtoday.example>", to: office, date: at(4, 6, 0),
		subject: "This week: Category 3 water losses, drying goals and TPA scorecards",
		headers: []string{"List-Unsubscribe: <https://restorationtoday.example/u/8812>", "Precedence: bulk"},
		body: html(`<html><body><h1>Restoration Today</h1><p>Category 3 water: when a claim number from a TPA like Sedgwick or Crawford comes with a 24-hour SLA, what do adjusters expect?</p>
<p>Case study: a kitchen loss at 1420 Elm St in Tacoma, WA and drying log best practices.</p><p><a href="https://restorationtoday.example/u/8812">Unsubscribe</a></p></body></html>`)})

	// 19. Bounce of the office's own mail about a claim.
	add(message{kind: "bounce", claim: "0623456789", optional: true,
		from: "Mail Delivery Subsystem <MAILER-DAEMON@mx.evergreendryout.example>", to: office, date: at(4, 9, 2),
		subject: "Undelivered Mail Returned to Sender",
		headers: []string{"Auto-Submitted: auto-replied"},
		body: part{ctype: "multipart/report; report-type=delivery-status", children: []part{
			text("This is the mail system at host mx.evergreendryout.example.\n\nI'm sorry to have to inform you that your message could not be delivered.\n\n<tbeker@claims.allstate.example>: 550 5.1.1 User unknown"),
			{ctype: "message/delivery-status", cte: "7bit", data: []byte("Reporting-MTA: dns; mx.evergreendryout.example\n\nFinal-Recipient: rfc822; tbeker@claims.allstate.example\nAction: failed\nStatus: 5.1.1\n")},
			{ctype: "text/rfc822-headers", cte: "7bit", data: []byte("From: Jessica Moody <jmoody@evergreendryout.example>\nTo: tbeker@claims.allstate.example\nSubject: Delgado - 0623456789 - drying log\nDate: Fri, 04 Dec 2026 09:01:44 -0800\n")},
		}}})
}

// machinesAndNearMisses adds messages 20–29: near misses, odd encodings, a TPA assignment.
func machinesAndNearMisses(add func(message)) {
	// 20. Near miss: the house next door to the Nguyen loss.
	add(message{kind: "near_miss_next_door", needsAck: true,
		from: "Sound Plumbing <office@soundplumbing.example>", to: office, date: at(4, 10, 15),
		subject: "Invoice 5571 - 2216 Birchwood Dr",
		docs:    [][2]string{{"Invoice_5571.pdf", "invoice"}},
		body: multi("mixed", text("Hi, attached is the invoice for the water heater replacement at 2216 Birchwood Dr, Tacoma. Homeowner asked that we send it to you.\n\nSound Plumbing"),
			file("application/pdf", "Invoice_5571.pdf", textPDF("Sound Plumbing", "INVOICE 5571",
				"Job address: 2216 Birchwood Dr, Tacoma WA 98406", "Water heater replacement, 50 gal ........ $2,140.00", "Total due: $2,140.00")))})

	// 21. Near miss: a State Farm claim number one character off, another insured.
	add(message{kind: "near_miss_digit_off", needsAck: true,
		from: "Rachel Kim <rachel.kim@statefarm.example>", to: office, date: at(4, 11, 30),
		subject: "New loss 53-8B21-4T61 - Rivera",
		body:    text("Hello, are you able to take a new water loss for our insured Carla Rivera at 4018 N 30th St, Tacoma? Claim 53-8B21-4T61. Please confirm.\n\nRachel Kim\nState Farm")})

	// 22. Same surname as two claims, a new address: nobody's claim.
	add(message{kind: "same_surname_other", needsAck: true,
		from: "Hoa Nguyen <hoanguyen.tac@gmail.example>", to: office, date: at(4, 13, 48),
		subject: "Water leak under sink",
		body:    text("Hi, my neighbor said you helped her. I have a leak under the kitchen sink at 7730 S Sheridan Ave, Tacoma, the cabinet is wet. Can someone come look today? My insurance is State Farm.\n\nHoa Nguyen\n253-555-0190")})

	// 23. Outlook TNEF: the signed ATR inside winmail.dat.
	atrOkonkwo := signedForm("AUTHORIZATION TO REPAIR - RECONSTRUCTION CONTRACT",
		"Owner authorizes Evergreen Dry-Out & Restoration to perform the repairs described in the approved estimate, for the amount approved by the insurer, less the deductible.",
		"Owner: Peter Okonkwo", "Property: 3302 N Proctor St, Tacoma, WA 98407", "Claim #: CLM-2026-004512")
	add(message{kind: "tnef", claim: "CLM-2026-004512", needsAck: true,
		from: "Heidi Larsen <hlarsen@cascademutual.example>", to: office, date: at(7, 9, 5),
		subject: "CLM-2026-004512 Okonkwo - signed ATR",
		docs:    [][2]string{{"ATR_Okonkwo_signed.pdf", "atr"}},
		body: multi("mixed", text("The insured dropped off the signed repair authorization at our office, attached.\n\nHeidi Larsen\nCascade Mutual Insurance"),
			file("application/ms-tnef", "winmail.dat", tnef([2]string{"ATR_Okonkwo_signed.pdf", string(atrOkonkwo)})))})

	// 24. Quoted-printable body with a soft break inside the claim number.
	add(message{kind: "qp_soft_break", claim: "3008124577-1-1", needsAck: true,
		from: "Beth Carlson <bcarlson@farmersinsurance.example>", to: office, date: at(7, 10, 20),
		subject: "Tran water loss - need drying logs",
		body: part{ctype: `text/plain; charset="us-ascii"`, cte: "qp-raw", data: []byte(
			"Hello Evergreen team, for Farmers claim number 3008124577-=\n1-1 (insured Linh Tran) please send the daily drying logs and the equip=\nment list so I can close out the mitigation portion.=\n\nBeth Carlson, Farmers Insurance\n")}})

	// 25. Base64 body from the regional mutual.
	add(message{kind: "base64_body", claim: "PM-0078812", needsAck: true,
		from: "Kyle Dunn <kdunn@pemco.example>", to: office, date: at(7, 11, 2),
		subject: "Claim PM-0078812",
		body:    b64Text("Hi,\n\nI have not yet received the signed work authorization for claim PM-0078812 (Hernandez). Please email it at your earliest convenience.\n\nKyle Dunn\nPEMCO Mutual Insurance")})

	// 26. HTML-only payment notice from the carrier's system.
	add(message{kind: "html_only_notice", claim: "H-55190273",
		from: "Travelers Claim Center <donotreply@travelers.example>", to: office, date: at(7, 12, 0),
		subject: "Payment issued on your Travelers claim",
		headers: []string{"Auto-Submitted: auto-generated"},
		body: html(`<html><body><table><tr><td>Claim Number:</td><td><b>H-55190273</b></td></tr>
<tr><td>Payee:</td><td>Evergreen Dry-Out &amp; Restoration and Gary Whitfield</td></tr>
<tr><td>Amount:</td><td>$8,412.60</td></tr></table><p>This message was sent from an unmonitored mailbox.</p></body></html>`)})

	// 27. A TPA adjuster's assignment written by a person.
	add(message{kind: "assignment_person", claim: "2611-04-88213", needsAck: true,
		from: "Nicole Brandt <nicole.brandt@crawco.example>", to: office, date: at(7, 14, 10),
		subject: "New Assignment - Ortega - Crawford Claim 2611-04-88213",
		body: text(`Hello Evergreen,

Please accept this assignment for emergency water mitigation.

Crawford Claim #: 2611-04-88213
Carrier: Chubb
Insured: Samuel Ortega
Loss Address: 5408 N 46th St, Ruston, WA 98407
Date of Loss: 12/06/2026
Type of Loss: Water - washing machine hose
Insured phone: (253) 555-0164

Please contact the insured today and send your 24-hour report to me.

Nicole Brandt
Independent Adjuster | Crawford & Company`)})

	// 28. Follow-up on the Crawford claim.
	add(message{kind: "after_assignment", claim: "2611-04-88213", needsAck: true,
		from: "Nicole Brandt <nicole.brandt@crawco.example>", to: office, date: at(8, 9, 40),
		subject: "RE: New Assignment - Ortega - Crawford Claim 2611-04-88213",
		body:    text("Any update on the Ortega loss? I need your 24-hour report today please.\n\nNicole")})

	// 29. Technician photos of the forwarded assignment's claim, Android names.
	add(message{kind: "after_assignment", claim: "0477812340",
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: office, date: at(8, 10, 5),
		subject: "Fitzgerald 0477812340",
		docs:    [][2]string{{"20261208_095512.jpg", "photo"}, {"20261208_095547.jpg", "photo"}},
		body: multi("mixed", text("Moisture mapping done, photos attached."),
			file("image/jpeg", "20261208_095512.jpg", scenePhoto(29)), file("image/jpeg", "20261208_095547.jpg", scenePhoto(30)))})
}

// jobPaperwork adds messages 30–39: the job's paperwork and people naming claims loosely.
func jobPaperwork(add func(message)) {
	// 30. Sedgwick adjuster with an Outlook signature logo.
	add(message{kind: "tpa_update", claim: "30254B778912-0001", needsAck: true,
		from: "Marcus Webb <marcus.webb@sedgwick.example>", to: office, date: at(8, 11, 12),
		subject: "RE: Harbor Point Condominium - Claim 30254B778912-0001",
		docs:    [][2]string{{"image001.png", "inline"}},
		body: multi("related",
			multi("alternative",
				text("Please send the clearance report when you have it. The HOA board meets Thursday.\n\nMarcus Webb | Sedgwick\n[cid:image001.png@01DB4A7C.5E3F2A10]"),
				html(`<html><body><p>Please send the clearance report when you have it. The HOA board meets Thursday.</p><p>Marcus Webb | Sedgwick<br><img src="cid:image001.png@01DB4A7C.5E3F2A10"></p></body></html>`)),
			part{ctype: "image/png", cte: "base64", filename: "image001.png", inline: true, cid: "image001.png@01DB4A7C.5E3F2A10", data: logoPNG()})})

	// 31. Estimate package from the estimator.
	add(message{kind: "estimate_package", claim: "H-55190273",
		from: "Brandon Hale <bhale@evergreendryout.example>", to: office, date: at(8, 13, 30),
		subject: "FIR-260414 Whitfield estimate",
		docs:    [][2]string{{"WHITFIELD_GARY.ESX", "estimate"}, {"WHITFIELD_GARY.pdf", "estimate"}, {"WHITFIELD_GARY_SKETCH.pdf", "sketch"}},
		body: multi("mixed", text("Mitigation estimate for Whitfield uploaded to XA as well."),
			file("application/octet-stream", "WHITFIELD_GARY.ESX", esx("WHITFIELD_GARY", "H-55190273")),
			file("application/pdf", "WHITFIELD_GARY.pdf", textPDF("Xactimate", "Evergreen Dry-Out & Restoration",
				"Insured: Gary Whitfield    Claim Number: H-55190273", "Property: 15 Summit View Rd NW, Gig Harbor, WA 98335",
				"Estimator: Brandon Hale    Price List: WATA8X_DEC26", "# Summary for Dwelling",
				"Line Item Total 7,412.18", "Material Sales Tax 612.40", "Replacement Cost Value $8,024.58", "Net Claim $8,024.58")),
			file("application/pdf", "WHITFIELD_GARY_SKETCH.pdf", textPDF("Xactimate", "WHITFIELD_GARY",
				"# Main Level", "Kitchen  14' 2\" x 12' 8\" x 8'", "Dining Room  11' x 12' x 8'", "Hallway  3' 6\" x 18' x 8'",
				"Main Level - Sketch")))})

	// 32. Drying log with a generic file name.
	add(message{kind: "drying_log", claim: "3008124577-1-1",
		from: "Amy Cho <acho@evergreendryout.example>", to: office, date: at(8, 16, 20),
		subject: "Tran daily",
		docs:    [][2]string{{"Report_1208.pdf", "drying_log"}},
		body: multi("mixed", text("Readings for WTR-260417 attached. 2 of 4 rooms at goal."),
			file("application/pdf", "Report_1208.pdf", textPDF("Evergreen Field App 4.2", "Daily Moisture Readings",
				"Job: WTR-260417  Linh Tran, 915 S 56th St", "Date  | Room     | Material | Reading | Goal",
				"12/05 | Kitchen  | Drywall  | 38      | 12", "12/06 | Kitchen  | Drywall  | 22      | 12",
				"12/07 | Kitchen  | Drywall  | 11      | 12", "Outdoor GPP 41, Chamber GPP 28, Dehu GPP 19")))})

	// 33. 24-hour scope notes.
	add(message{kind: "scope", claim: "0623456789",
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: office, date: at(9, 8, 5),
		subject: "Delgado 24hr",
		docs:    [][2]string{{"Delgado_24hr.pdf", "scope"}},
		body: multi("mixed", text("24 hr report for claim 0623456789 attached.\n\nSent from my iPhone"),
			file("application/pdf", "Delgado_24hr.pdf", textPDF("Evergreen Field App 4.2", "24 Hour Scope of Work",
				"Insured: Maria Delgado, 87 Alder Ct SW, Lakewood", "Water category: CAT 2    Class: 3", "Source: failed supply line under kitchen sink",
				"Affected: kitchen, dining, hall", "Equipment set: 6 air movers, 2 LGR dehumidifiers", "Flood cut 24in, remove toe kicks")))})

	// 34. Plus address, no subject words at all.
	add(message{kind: "plus_address", claim: "0623456789",
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: "claims+WTR-260413@evergreendryout.example", date: at(9, 9, 0),
		subject: "Photos",
		docs:    [][2]string{{"IMG_4588.HEIC", "photo"}, {"IMG_4589.HEIC", "photo"}},
		body: multi("mixed", text("Sent from my iPhone"),
			file("image/heic", "IMG_4588.HEIC", heic(34)), file("image/heic", "IMG_4589.HEIC", heic(35)))})

	// 35. DocuSign completion with the signed COS.
	cosDelgado := signedForm("CERTIFICATE OF SATISFACTION",
		"I certify that the mitigation work was completed to my satisfaction and direct my insurer to pay Evergreen Dry-Out & Restoration.",
		"Customer: Maria Delgado", "Property: 87 Alder Ct SW, Lakewood, WA 98499", "Insurance: Allstate    Claim #: 0623456789")
	add(message{kind: "esign_completed", claim: "0623456789",
		from: "Evergreen Dry-Out via DocuSign <dse_na3@docusign.example>", to: office, date: at(9, 14, 44),
		subject: "Completed: Please DocuSign: Certificate of Satisfaction",
		headers: []string{"Auto-Submitted: auto-generated"},
		docs:    [][2]string{{"Certificate_of_Satisfaction.pdf", "cos"}},
		body: multi("mixed", html(`<html><body><p>All parties have completed <b>Please DocuSign: Certificate of Satisfaction</b>.</p></body></html>`),
			file("application/pdf", "Certificate_of_Satisfaction.pdf", cosDelgado))})

	// 36. Homeowner replies in a thread the office started; no identifier.
	add(message{kind: "thread_reply", claim: "CLM-2026-004512", needsAck: true,
		from: "Peter Okonkwo <pokonkwo@outlook.example>", to: office, date: at(9, 16, 2),
		subject: "RE: Reconstruction walkthrough",
		headers: []string{"In-Reply-To: <20261209153011.77A1@evergreendryout.example>", "References: <20261209153011.77A1@evergreendryout.example>"},
		body:    text("Tuesday at 10 works for us. The side gate code is 4471.\n\nPeter")})

	// 37. Policy number only.
	add(message{kind: "policy_number_only", claim: "53-8B21-4T60", needsAck: true,
		from: "State Farm Claims <statefarmfireclaims@statefarm.example>", to: office, date: at(10, 8, 15),
		subject: "Supplement received - Policy 93-CQ-4412-7",
		body:    text("We have received your supplement for policy 93-CQ-4412-7 and it is under review. A claim specialist will contact you within 3 business days.\n\nState Farm Fire Claims")})

	// 38. Ambiguous surname, sender unknown: two Nguyen claims.
	add(message{kind: "ambiguous_surname", needsAck: true,
		from: "Jordan Avila <javila@pnwadjusting.example>", to: office, date: at(10, 9, 30),
		subject: "Nguyen photos",
		body:    text("Hi, I've been asked to review the Nguyen file for the reinsurer. Could you send me your photo report and final invoice?\n\nJordan Avila\nPNW Adjusting")})

	// 39. Nationwide claim, number in the subject.
	add(message{kind: "adjuster_update", claim: "7401A339218", needsAck: true,
		from: "Omar Haddad <ohaddad@nationwide.example>", to: office, date: at(10, 10, 45),
		subject: "Nationwide claim 7401A339218 - K. Nguyen - drying logs",
		body:    text("Please send drying logs and equipment placement for the above claim at 6021 Pacific Ave.\n\nOmar Haddad\nNationwide Property Claims")})
}

// repliesAndThreads adds messages 40–49: forwards, invitations, replies.
func repliesAndThreads(add func(message)) {
	// 40. A forwarded message/rfc822 with the plumber's invoice.
	inner := message{from: "Tacoma Leak Detection <jobs@tacomaleak.example>", to: "Linh Tran <linh.tran88@gmail.example>",
		subject: "Invoice for leak locate - 915 S 56th St", date: at(9, 17, 0), id: "ab1c2d3e.4412@tacomaleak.example",
		body: multi("mixed", text("Thank you for choosing Tacoma Leak Detection. Invoice attached for the slab leak locate at 915 S 56th St."),
			file("application/pdf", "TLD_Invoice_3391.pdf", textPDF("TLD", "INVOICE 3391",
				"Customer: Linh Tran", "Address: 915 S 56th St, Tacoma WA 98408", "Electronic leak locate ........ $375.00", "Total: $375.00")))}
	add(message{kind: "forward_rfc822", claim: "3008124577-1-1",
		from: "Jessica Moody <jmoody@evergreendryout.example>", to: office, date: at(10, 11, 20),
		subject: "Fwd: Invoice for leak locate - 915 S 56th St",
		docs:    [][2]string{{"TLD_Invoice_3391.pdf", "invoice"}},
		body: multi("mixed", text("For the Tran file."),
			part{ctype: "message/rfc822", cte: "7bit", filename: "Invoice for leak locate.eml", data: inner.bytes()})})

	// 41. Gmail-style inline forward from the HOA's manager.
	add(message{kind: "gmail_forward", claim: "30254B778912-0001", needsAck: true,
		from: "Sandra Voss <manager@harborpointhoa.example>", to: office, date: at(10, 13, 0),
		subject: "Fwd: smell in unit 12",
		body: text(`Please see below from the owner of unit 12. Can your crew check on this?

Sandra Voss
Community Manager, Harbor Point Condominium Association

---------- Forwarded message ---------
From: Greg Ames <gregames@gmail.example>
Date: Wed, Dec 9, 2026 at 8:12 PM
Subject: smell in unit 12
To: Sandra Voss <manager@harborpointhoa.example>

There is still a musty smell in the bathroom of unit 12 at 4410 Ruston Way since the mold work started. Is anyone coming back?

Greg`)})

	// 42. Calendar invite from the adjuster.
	add(message{kind: "calendar", claim: "H-55190273", needsAck: true,
		from: "Dana Ortiz <dortiz@travelers.example>", to: office, date: at(10, 14, 30),
		subject: "Reinspection: Whitfield H-55190273",
		// An invitation stays with the message: it is no claim's paperwork.
		body: multi("mixed", text("Reinspection at the Whitfield property, Friday 12/11 at 1pm. Please have your estimator there."),
			file("text/calendar", "invite.ics", []byte("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:040000008200E00074C5B7101A82E008\nDTSTART:20261211T210000Z\nDTEND:20261211T220000Z\nSUMMARY:Reinspection: Whitfield H-55190273\nLOCATION:15 Summit View Rd NW, Gig Harbor\nEND:VEVENT\nEND:VCALENDAR\n")))})

	// 43. A referral for a new lead: no claim yet.
	add(message{kind: "new_lead", needsAck: true,
		from: "Mike Tran <mike@tranplumbing.example>", to: office, date: at(10, 15, 12),
		subject: "Referral - water leak 3318 N 19th St",
		body:    text("Hi guys, sending you a customer: Jane Park, 3318 N 19th St, Tacoma, (253) 555-0133. Burst pipe in the crawlspace, she has USAA. She's expecting your call.\n\nMike, Tran Plumbing")})

	// 44. A scanner-named PDF with a text layer: the signed ATP for Kim Nguyen.
	atpKim := signedForm("AUTHORIZATION TO PERFORM SERVICES",
		"I authorize Evergreen Dry-Out & Restoration to perform water mitigation services and assign insurance benefits for those services to Evergreen.",
		"Customer: Kim Nguyen", "Property: 6021 Pacific Ave, Tacoma, WA 98408", "Carrier: Nationwide    Claim #: 7401A339218")
	add(message{kind: "scanner_name_text", claim: "7401A339218",
		from: "Amy Cho <acho@evergreendryout.example>", to: office, date: at(11, 8, 40),
		subject: "signed paperwork",
		docs:    [][2]string{{"doc00412420261211.pdf", "atp"}},
		body:    multi("mixed", text(""), file("application/pdf", "doc00412420261211.pdf", atpKim))})

	// 45. Homeowner's Gmail reply, the job number only in the quoted text.
	add(message{kind: "gmail_quoted_only", claim: "PM-0078812", needsAck: true,
		from: "Rosa Hernández <rosahdz1967@gmail.example>", to: office, date: at(11, 9, 55),
		subject: "Re: Equipo de secado",
		body: text(`Sí, el martes a las 9 está bien. Gracias.

On Thu, Dec 10, 2026 at 4:14 PM Evergreen Claims <claims@evergreendryout.example> wrote:
> Hola Sra. Hernández, vamos a recoger el equipo de secado el martes.
> Job WTR-260418, claim PM-0078812.
> Evergreen Dry-Out & Restoration`)})

	// 46. The State Farm number written without its dashes.
	add(message{kind: "number_without_dashes", claim: "53-8B21-4T60", needsAck: true,
		from: "Rachel Kim <rachel.kim@statefarm.example>", to: office, date: at(11, 11, 10),
		subject: "Claim# 538B214T60 supplement approved",
		body:    text("Your supplement on 538B214T60 is approved. Payment will issue to the insured and Evergreen jointly.\n\nRachel")})

	// 47. An adjuster's status request about two claims: a person splits it.
	add(message{kind: "two_claims", needsAck: true,
		from: "Priya Shah <pshah@nwclaimservices.example>", to: office, date: at(11, 13, 0),
		subject: "Open file status",
		body:    text("Good afternoon,\n\nFor our monthly review please send status on:\n  0623456789 - Delgado\n  H-55190273 - Whitfield\n\nThanks,\nPriya Shah, NW Claim Services")})

	// 48. The Travelers number without its dash.
	add(message{kind: "number_without_dashes", claim: "H-55190273", needsAck: true,
		from: "Dana Ortiz <dortiz@travelers.example>", to: office, date: at(11, 14, 10),
		subject: "Whitfield reinspection notes",
		body:    text("Thanks for meeting me today. Per our walk, please add the hallway ceiling to your supplement for H55190273 and resend.\n\nDana Ortiz\nTravelers")})

	// 49. A claim created from an assignment, named by the job number the office gave it.
	add(message{kind: "after_assignment_job", claim: "0477812340",
		from: "Luis Ramirez <lramirez@evergreendryout.example>", to: office, date: at(11, 15, 0),
		subject: "WTR-260420 day 4",
		docs:    [][2]string{{"IMG_4701.JPG", "photo"}},
		body:    multi("mixed", text("Readings dropping, pulled 2 fans.\n\nSent from my iPhone"), file("image/jpeg", "IMG_4701.JPG", scenePhoto(49)))})
}

// lastMail adds messages 50–54: the last of the threads.
func lastMail(add func(message)) {
	// 50. A tracking number that contains a claim number's digits.
	add(message{kind: "near_miss_embedded_digits", needsAck: true,
		from: "Jon-Don Orders <orders@jondon.example>", to: office, date: at(11, 16, 5),
		subject: "Your order 4471902 has shipped",
		body:    text("Your order of 2 cases of antimicrobial has shipped.\nFedEx tracking: 706234567891\nShip to: Evergreen Dry-Out & Restoration, 1102 S Tacoma Way, Tacoma WA")})

	// 51. The Farmers claim named by its number without the exposure suffix.
	add(message{kind: "number_without_suffix", claim: "3008124577-1-1", needsAck: true,
		from: "Beth Carlson <bcarlson@farmersinsurance.example>", to: office, date: at(12, 8, 20),
		subject: "Claim 3008124577 - mitigation invoice",
		body:    text("Please send the final mitigation invoice for claim 3008124577 so we can issue payment.\n\nBeth Carlson")})

	// 52. An estimate from other estimating software, under a plain name.
	add(message{kind: "estimate_other_software", claim: "CLM-2026-004512",
		from: "Brandon Hale <bhale@evergreendryout.example>", to: office, date: at(12, 9, 0),
		subject: "Okonkwo CLM-2026-004512 rebuild numbers",
		docs:    [][2]string{{"Okonkwo_Final.pdf", "estimate"}},
		body: multi("mixed", text("Rebuild estimate from Symbility attached."),
			file("application/pdf", "Okonkwo_Final.pdf", textPDF("Symbility Mobile Claims", "Estimate Summary",
				"Claim: CLM-2026-004512   Insured: Peter Okonkwo", "Coverage A - Dwelling",
				"Replacement Cost (RCV) 18,440.12", "Depreciation (3,120.00)", "Actual Cash Value (ACV) 15,320.12",
				"Less deductible (1,000.00)", "Net payable 14,320.12")))})

	// 53. The rebuild contract under another name.
	add(message{kind: "atr_other_wording", claim: "H-55190273",
		from: "Brandon Hale <bhale@evergreendryout.example>", to: office, date: at(12, 9, 40),
		subject: "Whitfield signed rebuild contract FIR-260414",
		docs:    [][2]string{{"Whitfield_Contract.pdf", "atr"}},
		body: multi("mixed", text("Signed at the kitchen table today."),
			file("application/pdf", "Whitfield_Contract.pdf", signedForm("RECONSTRUCTION AGREEMENT",
				"Owner engages Evergreen Dry-Out & Restoration to repair the fire damage at the property above per the insurer-approved scope. Owner assigns repair proceeds to Evergreen and pays the deductible.",
				"Owner: Gary Whitfield", "Property: 15 Summit View Rd NW, Gig Harbor, WA 98335", "Claim #: H-55190273")))})

	// 54. A moisture log from another app.
	add(message{kind: "drying_log_other", claim: "0623456789",
		from: "Amy Cho <acho@evergreendryout.example>", to: office, date: at(12, 10, 15),
		subject: "Delgado monitoring",
		docs:    [][2]string{{"Hydro_1212.pdf", "drying_log"}},
		body: multi("mixed", text("Claim 0623456789. At goal in all rooms, pulling equipment Monday."),
			file("application/pdf", "Hydro_1212.pdf", textPDF("DryBook", "Psychrometric & Moisture Monitoring",
				"Project: Maria Delgado - 87 Alder Ct SW", "Chamber: Kitchen  Temp 74F  RH 38%  GPP 46",
				"Dehu 1 outlet: Temp 92F RH 18% GPP 41", "Material points: K1 drywall 11 (goal 12)  K2 subfloor 14 (goal 15)",
				"Visit 7 of 7  -  dry standard met")))})
}

// sentMail is the office's own mail the threads refer to.
func sentMail() []message {
	return []message{{
		from: "Jessica Moody <jmoody@evergreendryout.example>", to: "Peter Okonkwo <pokonkwo@outlook.example>", date: at(9, 15, 30),
		subject: "Reconstruction walkthrough", id: "20261209153011.77A1@evergreendryout.example",
		body: text("Hi Peter,\n\nCould we do the reconstruction walkthrough at 3302 N Proctor St on Tuesday at 10? Claim CLM-2026-004512.\n\nJessica Moody\nEvergreen Dry-Out & Restoration"),
	}}
}
