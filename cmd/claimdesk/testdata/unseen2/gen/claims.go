package main

// The office's claims. Those of source "assignment" are not in claims.csv:
// the week's mail creates them.
var claims = []claim{
	{"PS-2641", "12-B873-41K", "State Farm", "91-KL-4420-3", "Tamika Reeves", "2291 Powder Springs Rd SW, Marietta, GA 30064", "Water", "Curtis Bell", "curtis.bell.r7kq@statefarm.example", "csv"},
	{"PS-2642", "GFB-HO-2611847", "Georgia Farm Bureau", "HO-554102", "Wendell and Lorraine Pike", "415 Old Canton Rd, Marietta, GA 30068", "Water", "Amber Cole", "acole@gfbinsurance.example", "csv"},
	{"PS-2643", "0738216645", "Allstate", "9 04 118 227", "Hector Villanueva", "1880 Austell Rd SW Apt 1204, Marietta, GA 30008", "Water", "Renee Park", "rpark@claims.allstate.example", "csv"},
	{"PS-2644", "054419283017", "Safeco Insurance", "OY7720184", "Brian O'Neal", "37 Kennesaw Ave NW, Marietta, GA 30060", "Water", "Dana Whitfield", "dwhitfield@pilotcat.example", "csv"},
	{"PS-2645", "PH26-0093381", "Progressive Home", "PHC-0448812", "Lakeside Townhomes Association", "3100 Lakeside Pkwy, Kennesaw, GA 30144", "Water", "Gary Fitch", "gfitch@progressivehome.example", "csv"},
	{"PS-2646", "IFB8873", "Travelers", "984471220-633-1", "Dorothy Kimbrough", "640 Whitlock Ave NW, Marietta, GA 30064", "Water", "Lynette Shaw", "lshaw@travelers.example", "csv"},
	{"PS-2647", "C26-118-40722", "COUNTRY Financial", "HO 22-0918-77", "James Fulton", "122 Church St, Smyrna, GA 30080", "Water", "Mike Dunn", "mike.dunn@countryfinancial.example", "csv"},
	{"PS-2648", "H26-00731982", "Amica", "74-1120-33", "Priya Natarajan", "5120 Sandy Plains Rd, Marietta, GA 30066", "Mold", "Ted Lyons", "tlyons@amica.example", "csv"},
	{"PS-2649", "046273118-01", "Liberty Mutual", "H37-221-874410-70", "Marcus Reeves", "88 Cherokee St, Kennesaw, GA 30144", "Water", "Joy Adeyemi", "joy.adeyemi@libertymutual.example", "csv"},
	{"", "040526011893", "Chubb", "", "Erik Halvorsen", "76 Rosewood Dr, Marietta, GA 30067", "Water", "Paula Grier", "pgrier@chubb.example", "assignment"},
	{"", "GFB-HO-2612203", "Georgia Farm Bureau", "", "Opal Odom", "4410 Cedarcrest Rd, Acworth, GA 30101", "Water", "Amber Cole", "acole@gfbinsurance.example", "assignment"},
	{"", "054419377206", "Safeco Insurance", "", "Gloria Banks", "905 Roswell St NE, Marietta, GA 30060", "Water", "Dana Whitfield", "dwhitfield@pilotcat.example", "assignment"},
}
