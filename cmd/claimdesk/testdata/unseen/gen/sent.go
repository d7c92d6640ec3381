package main

// sent is the office's mail that later inbox mail answers.
func sent() []msg {
	return []msg{
		{id: idSentPena, replyTo: idKarenRead, from: jenna, to: karen, date: at(1, 8, 15),
			subject: "Pena - readings", text: "Karen, readings for Erie claim A00008714426 (Luis Peña, 418 Maple Ave) attached.\n\nJenna"},
		{id: idSentIbarra, from: jenna, to: "María Ibarra <mibarra82@hotmail.example>", date: at(1, 10, 0),
			subject: "Ibarra - recogida de equipo",
			text:    "Sra. Ibarra, sobre el reclamo de USAA 017422361-003 en 3315 Sullivant Ave: recogeremos los ventiladores el jueves. ¿Le parece bien por la mañana?\n\nJenna"},
		{id: idSentPickup, from: jenna, to: "Luis Peña <lpena418@gmail.example>", date: at(1, 16, 0),
			subject: "Equipment pickup Wednesday",
			text:    "Mr. Peña, we will pick up the drying equipment at 418 Maple Ave on Wednesday between 9 and 11 (Erie claim A00008714426).\n\nJenna"},
		{id: idSentDeLuca, replyTo: idSheilaAssign, from: jenna, to: "Sheila Grant <sgrant@travelers.example>", date: at(0, 13, 20),
			subject: "RE: New loss - DeLuca - please contact insured", text: "Sheila, we reached Mr. DeLuca and are on site at 3 today.\n\nJenna"},
		{id: idSentCOS, from: jenna, to: "Patricia Johnson <pjohnson1955@att.example>", date: at(2, 15, 0),
			subject: "Johnson - Auto-Owners claim 300-0091827-2026 - COS to sign",
			text:    "Mrs. Johnson, please sign the attached certificate and send it back to us.\n\nJenna"},
		{id: idSentHassan, from: jenna, to: "Nadia Hassan <nhassan.oh@gmail.example>", date: at(2, 16, 30),
			subject: "Hassan - 4471 Refugee Rd - drywall schedule", text: "Ms. Hassan, can the drywall crew start Monday?\n\nJenna"},
		{id: idSentGreerATP, replyTo: idPhilATP, from: jenna, to: phil, date: at(1, 8, 30),
			subject: "RE: Claim #: 3401-7729-88 - Greer", text: "Phil, the signed ATP and the first day photos for Greer are attached.\n\nJenna"},
		{id: idSentOkafor, from: jenna, to: tanya, date: at(4, 8, 20),
			subject: "Okafor - CLM 043118827-02 - daily update", text: "Tanya, pack-out is complete; deodorization continues today.\n\nJenna"},
	}
}
