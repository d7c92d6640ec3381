package main

var monday = []msg{
	{kind: "assignment_table_html", claim: "040526011893",
		from: "Chubb Claims <claims.notification@chubb.example>", to: office, date: at(0, 7, 40),
		headers: []string{"Auto-Submitted: auto-generated"},
		subject: "Chubb - Vendor Referral - HALVORSEN, ERIK",
		html: `<html><body><p>A vendor referral has been made to your company. Please contact the insured within 24 hours.</p>
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

	{kind: "tech_photos", claim: "12-B873-41K", from: andre, to: office, date: at(0, 8, 20),
		subject: "pics",
		text:    "2291 Powder Springs day 1. Laundry room and hall.\n\n" + andreSig,
		files:   []file{jpg("IMG_5120.jpg", 11), jpg("IMG_5121.jpg", 12), jpg("IMG_5122.jpg", 13)}},

	{kind: "adjuster_update", claim: "GFB-HO-2611847", needsAck: true, from: amber, to: office, date: at(0, 8, 55),
		subject: "Pike loss GFB-HO-2611847",
		text: `Morning - when can I expect the mitigation estimate on the Pike house? My supervisor is asking.

` + amberSig},

	{kind: "customer_es", claim: "0738216645", needsAck: true,
		from: "Rosa Villanueva <rosavillanueva@yahoo.example>", to: office, date: at(0, 9, 30),
		subject: "goteo en el baño",
		text: `Hola buenos días,

soy la esposa de Hector Villanueva, del apartamento 1204 en Austell Road. Sigue saliendo agua por el techo del baño desde anoche y el piso está mojado otra vez. ¿Pueden mandar a alguien hoy?

Gracias
Rosa`,
		files: []file{jpg("IMG-20261214-WA0003.jpg", 14)}},

	{kind: "near_address", needsAck: true, from: "Dale Whitmore <dwhitmore63@gmail.example>", to: office, date: at(0, 10, 5),
		subject: "Flooded basement",
		text: `Hello, saw your truck next door. Our water heater let go overnight and the basement is flooded. We're at 2295 Powder Springs Rd SW, Marietta. Do you work with Georgia Farm Bureau?

Dale Whitmore
404-555-0173`},

	{kind: "assignment_human", claim: "GFB-HO-2612203", needsAck: true, id: idAmberOdom,
		from: amber, to: office, date: at(0, 10, 40),
		subject: "Another one in Acworth",
		text: `Hey Tasha,

Got another one for y'all up in Acworth. Mrs. Opal Odom, 4410 Cedarcrest Rd, Acworth 30101 - a pipe burst in the crawlspace Saturday night and she's got water under the whole back half of the house. Our claim # is GFB-HO-2612203. Her cell is 770-555-0144, she's hard of hearing so let it ring.

Can your crew get out there today? Send me the photos and your ATP when you have them.

` + amberSig},

	{kind: "newsletter", from: "Cobb Restoration Pros <news@cobbrestorationpros.example>", to: office, date: at(0, 11, 0),
		headers: []string{"Precedence: bulk", "List-Unsubscribe: <https://cobbrestorationpros.example/unsub/4471>"},
		subject: "Freeze week: Powder Springs, Old Canton and Whitlock crews on call",
		text: `COBB RESTORATION PROS - weekly

Hard freeze expected Wednesday. Last January members ran 40 burst-pipe jobs along Powder Springs Rd,
Old Canton Rd and Whitlock Ave in Marietta, and in the Lakeside neighborhood of Kennesaw.

- State Farm and Allstate vendor programs: renewal paperwork due 1/15
- WRT class in Smyrna, Jan 19-21

Unsubscribe: https://cobbrestorationpros.example/unsub/4471`},

	{kind: "ia_first_report", claim: "054419283017", needsAck: true, from: dana, to: office, date: at(0, 11, 45),
		subject: "O'Neal / Safeco / PCS-GA-26-44817",
		text: `Good morning,

Pilot Catastrophe Services has been assigned by Safeco Insurance to handle the above claim. Please reference our file number on all correspondence.

Our File No.:    PCS-GA-26-44817
Safeco Claim:    054419283017
Insured:         Brian O'Neal
Risk:            37 Kennesaw Ave NW, Marietta

Please send your mitigation estimate, dry logs and photos to me directly. I plan to inspect Wednesday afternoon.

` + danaSig},

	{kind: "thread_reply_phone", claim: "12-B873-41K", needsAck: true, replyTo: idSentReevesVisit,
		from: "Tamika Reeves <tamikareeves22@gmail.example>", to: office, date: at(0, 12, 2),
		subject: "Re: Moisture check Tuesday",
		text:    "Yes 9 is fine\n\nSent from my iPhone"},
}
