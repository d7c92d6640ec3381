package main

// sent is the office's mail that later inbox mail answers.
func sent() []msg {
	return []msg{
		{ID: idSentReevesVisit, From: tasha, To: "Tamika Reeves <tamikareeves22@gmail.example>", Date: at(0, 9, 10),
			Subject: "Moisture check Tuesday",
			Text:    "Ms. Reeves, can our tech come by 2291 Powder Springs Rd Tuesday at 9 to check the moisture? (State Farm claim 12-B873-41K)\n\nTasha\nPeach State Restoration"},
		{ID: idSentCurtisMap, From: tasha, To: curtis, Date: at(1, 8, 5),
			Subject: "Reeves - 12-B873-41K moisture map", Text: "Curtis, moisture map and day 2 readings attached.\n\nTasha"},
		{ID: idSentRosa, From: tasha, To: "Rosa Villanueva <rosavillanueva@yahoo.example>", Date: at(1, 11, 0),
			Subject: "Villanueva - visita del técnico",
			Text:    "Sra. Villanueva, sobre el reclamo de Allstate 0738216645 (1880 Austell Rd, apto 1204): ¿podemos ir el jueves a las 10 a revisar el baño?\n\nTasha"},
		{ID: idSentPriya, From: tasha, To: "Priya Natarajan <priya.nat@outlook.example>", Date: at(2, 10, 15),
			Subject: "Drywall crew",
			Text:    "Hi Priya, is Friday morning OK for the drywall crew at 5120 Sandy Plains Rd? (Amica H26-00731982)\n\nTasha"},
		{ID: idSentPaulaATP, From: tasha, To: paula, Date: at(3, 9, 0),
			Subject: "Halvorsen - 040526011893 - signed ATP", Text: "Paula, the signed ATP and day 1 photos for Halvorsen are attached.\n\nTasha"},
		{ID: idSentGloria, ReplyTo: idDanaBanks, From: tasha, To: dana, Date: at(1, 14, 0),
			Subject: "RE: New loss for you - Banks", Text: "Dana, we reached Ms. Banks; crew is on the way.\n\nTasha"},
	}
}
