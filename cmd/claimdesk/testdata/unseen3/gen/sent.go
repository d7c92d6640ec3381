package main

// sent is the office's mail that later inbox mail answers.
func sent() []msg {
	return []msg{
		{ID: idSentLindqvist, From: renata, To: "Harold Lindqvist <hlindqvist@verizon.example>", Date: at(0, 8, 5),
			Subject: "Equipment pickup",
			Text:    "Mr. Lindqvist, can we pick up the drying equipment at 455 Orange St tomorrow between 10 and 12? (State Farm claim 59-48N7-702)\n\nRenata Flores\nSuncoast Dry & Restore"},
		{ID: idSentBaptiste, From: renata, To: carla, Date: at(0, 8, 30),
			Subject: "Baptiste - 59-51R2-336 - day 3 dry log", Text: "Carla, day 3 readings and the moisture map for Baptiste are attached.\n\nRenata"},
		{ID: idSentWhitaker, ReplyTo: idRickWhitaker, From: renata, To: rick, Date: at(0, 14, 0),
			Subject: "RE: New assignment - Whitaker / Citizens", Text: "Rick, we reached Mr. Whitaker; a crew will be there at 3.\n\nRenata"},
		{ID: idSentPena, From: renata, To: "Marisol Pena <marisolpena77@hotmail.example>", Date: at(2, 10, 0),
			Subject: "Peña - visita del técnico",
			Text:    "Sra. Peña, sobre el reclamo de Citizens 001-00-418237 (1415 Maple Ave N): ¿podemos pasar el viernes a las 9 a revisar el piso de la cocina?\n\nRenata Flores\nSuncoast Dry & Restore"},
		{ID: idSentOkafor, From: renata, To: "Thomas Okafor <tokafor@okaforlaw.example>", Date: at(2, 11, 30),
			Subject: "Dumpster drop-off Thursday",
			Text:    "Mr. Okafor, the roll-off dumpster for 2040 Belcher Rd S will be dropped Thursday morning. Please keep the driveway clear.\n\nRenata"},
		{ID: idSentScott, From: renata, To: scott, Date: at(2, 15, 0),
			Subject: "Carter - 3300291847 - mitigation estimate", Text: "Scott, our mitigation estimate for 921 Palmetto St is attached (ESX and PDF).\n\nRenata"},
	}
}
