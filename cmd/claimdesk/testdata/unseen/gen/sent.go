package main

// sent is the office's mail that later inbox mail answers.
func sent() []msg {
	return []msg{
		{ID: idSentPena, ReplyTo: idKarenRead, From: jenna, To: karen, Date: at(1, 8, 15),
			Subject: "Pena - readings", Text: "Karen, readings for Erie claim A00008714426 (Luis Peña, 418 Maple Ave) attached.\n\nJenna"},
		{ID: idSentIbarra, From: jenna, To: "María Ibarra <mibarra82@hotmail.example>", Date: at(1, 10, 0),
			Subject: "Ibarra - recogida de equipo",
			Text:    "Sra. Ibarra, sobre el reclamo de USAA 017422361-003 en 3315 Sullivant Ave: recogeremos los ventiladores el jueves. ¿Le parece bien por la mañana?\n\nJenna"},
		{ID: idSentPickup, From: jenna, To: "Luis Peña <lpena418@gmail.example>", Date: at(1, 16, 0),
			Subject: "Equipment pickup Wednesday",
			Text:    "Mr. Peña, we will pick up the drying equipment at 418 Maple Ave on Wednesday between 9 and 11 (Erie claim A00008714426).\n\nJenna"},
		{ID: idSentDeLuca, ReplyTo: idSheilaAssign, From: jenna, To: "Sheila Grant <sgrant@travelers.example>", Date: at(0, 13, 20),
			Subject: "RE: New loss - DeLuca - please contact insured", Text: "Sheila, we reached Mr. DeLuca and are on site at 3 today.\n\nJenna"},
		{ID: idSentCOS, From: jenna, To: "Patricia Johnson <pjohnson1955@att.example>", Date: at(2, 15, 0),
			Subject: "Johnson - Auto-Owners claim 300-0091827-2026 - COS to sign",
			Text:    "Mrs. Johnson, please sign the attached certificate and send it back to us.\n\nJenna"},
		{ID: idSentHassan, From: jenna, To: "Nadia Hassan <nhassan.oh@gmail.example>", Date: at(2, 16, 30),
			Subject: "Hassan - 4471 Refugee Rd - drywall schedule", Text: "Ms. Hassan, can the drywall crew start Monday?\n\nJenna"},
		{ID: idSentGreerATP, ReplyTo: idPhilATP, From: jenna, To: phil, Date: at(1, 8, 30),
			Subject: "RE: Claim #: 3401-7729-88 - Greer", Text: "Phil, the signed ATP and the first day photos for Greer are attached.\n\nJenna"},
		{ID: idSentOkafor, From: jenna, To: tanya, Date: at(4, 8, 20),
			Subject: "Okafor - CLM 043118827-02 - daily update", Text: "Tanya, pack-out is complete; deodorization continues today.\n\nJenna"},
	}
}
