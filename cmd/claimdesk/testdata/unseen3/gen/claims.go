package main

// The office's claims. Those of source "assignment" are not in claims.csv:
// the week's mail creates them.
var claims = []claim{
	{"SC-3101", "001-00-418237", "Citizens Property Insurance", "CPI-07718342", "Marisol and Rafael Peña", "1415 Maple Ave N, St. Petersburg, FL 33704", "Water", "Jorge Alvarez", "jalvarez@citizensfla.example", "csv"},
	{"SC-3102", "UPC26-117502", "Universal Property & Casualty", "UPH-2245187", "Denise Carter", "3308 W Bay Vista Ave, Tampa, FL 33611", "Water", "Brenda Koval", "bkoval@universalproperty.example", "csv"},
	{"SC-3103", "3300291847", "Tower Hill", "W1H-44172-03", "Walter Carter", "921 Palmetto St, Clearwater, FL 33755", "Water", "Scott Nguyen", "snguyen@thig.example", "csv"},
	{"SC-3104", "HP-FL-26-0077413", "Heritage Property & Casualty", "HFL-0331920", "Gail Sorensen", "6120 38th Ave N, St. Petersburg, FL 33710", "Water", "Kyle Brandt", "kbrandt@heritagepci.example", "csv"},
	{"SC-3105", "031882450-004", "USAA", "03188 24 50 91A", "Ramon Dominguez", "2706 W Tacon St, Tampa, FL 33629", "Water", "Nicole Frey", "nicole.frey@usaa.example", "csv"},
	{"SC-3106", "AIIC26-1084439", "American Integrity", "AIC-CO-118204", "Ocean Breeze Condominium Association", "1200 Gulf Blvd, Clearwater Beach, FL 33767", "Water", "Tom Reddick", "treddick@aiicfl.example", "csv"},
	{"SC-3107", "59-48N7-702", "State Farm", "59-BV-1182-4", "Harold Lindqvist", "455 Orange St, Palm Harbor, FL 34683", "Water", "Carla Mendez", "carla.mendez.k2p9@statefarm.example", "csv"},
	{"SC-3108", "59-51R2-336", "State Farm", "59-BV-3307-1", "Yvonne Baptiste", "7811 Seminole Blvd, Seminole, FL 33772", "Water", "Carla Mendez", "carla.mendez.k2p9@statefarm.example", "csv"},
	{"SC-3109", "HCI1224088", "Homeowners Choice", "HCH-5502913", "Thomas Okafor", "2040 Belcher Rd S, Largo, FL 33771", "Water", "Wes Tolbert", "wtolbert@hcico.example", "csv"},
	{"", "001-00-421906", "Citizens Property Insurance", "", "Earl Whitaker", "88 Bayshore Blvd, Dunedin, FL 34698", "Water", "Rick Hollis", "rhollis@gulflineclaims.example", "assignment"},
	{"", "FP26-HO-008821", "Florida Peninsula", "", "Linda Pruitt", "5590 Gulf Blvd Unit 402, St. Pete Beach, FL 33706", "Water", "Mark Sato", "msato@floridapeninsula.example", "assignment"},
	{"", "HP-FL-26-0079120", "Heritage Property & Casualty", "", "Anh Tran", "1322 Rosery Rd NE, Largo, FL 33770", "Water", "Kyle Brandt", "kbrandt@heritagepci.example", "assignment"},
}
