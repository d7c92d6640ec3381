package main

// sent is the office's mail that later inbox mail answers.
func sent() []msg {
	return []msg{
		{id: idSentReevesVisit, from: tasha, to: "Tamika Reeves <tamikareeves22@gmail.example>", date: at(0, 9, 10),
			subject: "Moisture check Tuesday",
			text:    "Ms. Reeves, can our tech come by 2291 Powder Springs Rd Tuesday at 9 to check the moisture? (State Farm claim 12-B873-41K)\n\nTasha\nPeach State Restoration"},
		{id: idSentCurtisMap, from: tasha, to: curtis, date: at(1, 8, 5),
			subject: "Reeves - 12-B873-41K moisture map", text: "Curtis, moisture map and day 2 readings attached.\n\nTasha"},
		{id: idSentRosa, from: tasha, to: "Rosa Villanueva <rosavillanueva@yahoo.example>", date: at(1, 11, 0),
			subject: "Villanueva - visita del técnico",
			text:    "Sra. Villanueva, sobre el reclamo de Allstate 0738216645 (1880 Austell Rd, apto 1204): ¿podemos ir el jueves a las 10 a revisar el baño?\n\nTasha"},
		{id: idSentPriya, from: tasha, to: "Priya Natarajan <priya.nat@outlook.example>", date: at(2, 10, 15),
			subject: "Drywall crew",
			text:    "Hi Priya, is Friday morning OK for the drywall crew at 5120 Sandy Plains Rd? (Amica H26-00731982)\n\nTasha"},
		{id: idSentPaulaATP, from: tasha, to: paula, date: at(3, 9, 0),
			subject: "Halvorsen - 040526011893 - signed ATP", text: "Paula, the signed ATP and day 1 photos for Halvorsen are attached.\n\nTasha"},
		{id: idSentGloria, replyTo: idDanaBanks, from: tasha, to: dana, date: at(1, 14, 0),
			subject: "RE: New loss for you - Banks", text: "Dana, we reached Ms. Banks; crew is on the way.\n\nTasha"},
	}
}
