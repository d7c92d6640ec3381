package main

var monday = []msg{
	{Kind: "assignment_table_html", Claim: "040526011893",
		From: "Chubb Claims <claims.notification@chubb.example>", To: office, Date: at(0, 7, 40),
		Headers: []string{"Auto-Submitted: auto-generated"},
		Subject: "Chubb - Vendor Referral - HALVORSEN, ERIK",
		HTML: `<html><body><p>A vendor referral has been made to your company. Please contact the insured within 24 hours.</p>
<table border="1" cellpadding="4">
<tr><th align="left">Claim Number</th><td>040526011893</td></tr>
<tr><th align="left">Named Insured</th><td>HALVORSEN, ERIK</td></tr>
<tr><th align="left">Risk Address</th><td>76 Rosewood Dr<br>Marietta, GA 30067</td></tr>
<tr><th align="left">Cause of Loss</th><td>Water - ice maker line</td></tr>
<tr><th align="left">Date of Loss</th><td>12/12/2026</td></tr>
<tr><th align="left">Contact Phone</th><td>(770) 555-0162</td></tr>
<tr><th align="left">Claim Professional</th><td>Paula Grier - pgrier@chubb.example</td></tr>
</table>
<p>This mailbox is not monitored.</p></body></html>`},

	{Kind: "tech_photos", Claim: "12-B873-41K", From: andre, To: office, Date: at(0, 8, 20),
		Subject: "pics",
		Text:    "2291 Powder Springs day 1. Laundry room and hall.\n\n" + andreSig,
		Files:   []file{jpg("IMG_5120.jpg", 11), jpg("IMG_5121.jpg", 12), jpg("IMG_5122.jpg", 13)}},

	{Kind: "adjuster_update", Claim: "GFB-HO-2611847", NeedsAck: true, From: amber, To: office, Date: at(0, 8, 55),
		Subject: "Pike loss GFB-HO-2611847",
		Text: `Morning - when can I expect the mitigation estimate on the Pike house? My supervisor is asking.

` + amberSig},

	{Kind: "customer_es", Claim: "0738216645", NeedsAck: true,
		From: "Rosa Villanueva <rosavillanueva@yahoo.example>", To: office, Date: at(0, 9, 30),
		Subject: "goteo en el baño",
		Text: `Hola buenos días,

soy la esposa de Hector Villanueva, del apartamento 1204 en Austell Road. Sigue saliendo agua por el techo del baño desde anoche y el piso está mojado otra vez. ¿Pueden mandar a alguien hoy?

Gracias
Rosa`,
		Files: []file{jpg("IMG-20261214-WA0003.jpg", 14)}},

	{Kind: "near_address", NeedsAck: true, From: "Dale Whitmore <dwhitmore63@gmail.example>", To: office, Date: at(0, 10, 5),
		Subject: "Flooded basement",
		Text: `Hello, saw your truck next door. Our water heater let go overnight and the basement is flooded. We're at 2295 Powder Springs Rd SW, Marietta. Do you work with Georgia Farm Bureau?

Dale Whitmore
404-555-0173`},

	{Kind: "assignment_human", Claim: "GFB-HO-2612203", NeedsAck: true, ID: idAmberOdom,
		From: amber, To: office, Date: at(0, 10, 40),
		Subject: "Another one in Acworth",
		Text: `Hey Tasha,

Got another one for y'all up in Acworth. Mrs. Opal Odom, 4410 Cedarcrest Rd, Acworth 30101 - a pipe burst in the crawlspace Saturday night and she's got water under the whole back half of the house. Our claim # is GFB-HO-2612203. Her cell is 770-555-0144, she's hard of hearing so let it ring.

Can your crew get out there today? Send me the photos and your ATP when you have them.

` + amberSig},

	{Kind: "newsletter", From: "Cobb Restoration Pros <news@cobbrestorationpros.example>", To: office, Date: at(0, 11, 0),
		Headers: []string{"Precedence: bulk", "List-Unsubscribe: <https://cobbrestorationpros.example/unsub/4471>"},
		Subject: "Freeze week: Powder Springs, Old Canton and Whitlock crews on call",
		Text: `COBB RESTORATION PROS - weekly

Hard freeze expected Wednesday. Last January members ran 40 burst-pipe jobs along Powder Springs Rd,
Old Canton Rd and Whitlock Ave in Marietta, and in the Lakeside neighborhood of Kennesaw.

- State Farm and Allstate vendor programs: renewal paperwork due 1/15
- WRT class in Smyrna, Jan 19-21

Unsubscribe: https://cobbrestorationpros.example/unsub/4471`},

	{Kind: "ia_first_report", Claim: "054419283017", NeedsAck: true, From: dana, To: office, Date: at(0, 11, 45),
		Subject: "O'Neal / Safeco / PCS-GA-26-44817",
		Text: `Good morning,

Pilot Catastrophe Services has been assigned by Safeco Insurance to handle the above claim. Please reference our file number on all correspondence.

Our File No.:    PCS-GA-26-44817
Safeco Claim:    054419283017
Insured:         Brian O'Neal
Risk:            37 Kennesaw Ave NW, Marietta

Please send your mitigation estimate, dry logs and photos to me directly. I plan to inspect Wednesday afternoon.

` + danaSig},

	{Kind: "thread_reply_phone", Claim: "12-B873-41K", NeedsAck: true, ReplyTo: idSentReevesVisit,
		From: "Tamika Reeves <tamikareeves22@gmail.example>", To: office, Date: at(0, 12, 2),
		Subject: "Re: Moisture check Tuesday",
		Text:    "Yes 9 is fine\n\nSent from my iPhone"},
}
