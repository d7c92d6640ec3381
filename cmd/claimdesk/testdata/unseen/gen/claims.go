package main

// The office's claims. Those of source "assignment" are not in claims.csv:
// the week's mail creates them.
var claims = []claim{
	{"26-3101-WTR", "A00008714426", "Erie Insurance", "Q47-1182903", "Luis Peña", "418 Maple Ave, Westerville, OH 43081", "Water", "Karen Mullins", "kmullins@erieinsurance.example", "csv"},
	{"26-3102-WTR", "WIC-2026-0193374", "Westfield Insurance", "WNP 4471902", "Derek and Amy Johnson", "77 Larchmont Rd, Upper Arlington, OH 43221", "Water", "Brian Tate", "btate@westfieldins.example", "csv"},
	{"26-3103-WTR", "3401-7729-88", "Cincinnati Insurance", "HO 8812044", "Samantha Greer", "1140 N Main St Apt 2, Marysville, OH 43040", "Water", "Phil Dorsey", "pdorsey@cinfin.example", "csv"},
	{"26-3104-FIR", "043118827-02", "Liberty Mutual", "H3V-281-447190-40", "Raymond Okafor", "5906 Brookside Blvd, Dublin, OH 43017", "Fire", "Tanya Liu", "tanya.liu@libertymutual.example", "csv"},
	{"26-3105-WTR", "017422361-003", "USAA", "0041779002", "Carlos Ibarra", "3315 Sullivant Ave, Columbus, OH 43204", "Water", "Megan Pruitt", "mpruitt@usaa.example", "csv"},
	{"26-3106-MLD", "LX0011289456", "Lexington Insurance", "LX-CP-7730412", "Grace Fellowship Church", "900 E Dublin Granville Rd, Columbus, OH 43229", "Mold", "Neil Braddock", "nbraddock@englemartin.example", "csv"},
	{"26-3107-WTR", "300-0091827-2026", "Auto-Owners Insurance", "44-118-902-00", "Patricia Johnson", "64 Oakwood Ave, Newark, OH 43055", "Water", "Ron Becker", "rbecker@aoins.example", "csv"},
	{"26-3108-WTR", "GM0448127", "Grange Insurance", "HO3-448127-11", "Helen Marsh", "27 W Tulane Rd, Columbus, OH 43202", "Water", "Kyle Voss", "kvoss@grangeinsurance.example", "csv"},
	{"26-3109-WTR", "SA-1184402", "State Auto Insurance", "DP-0918833", "Victor Aldana", "1422 Hamlet St, Columbus, OH 43201", "Water", "Lori Chen", "lchen@stateauto.example", "csv"},
	{"26-3110-WTR", "SA-1184417", "State Auto Insurance", "DP-0918834", "Victor Aldana", "88 E Lane Ave, Columbus, OH 43201", "Water", "Lori Chen", "lchen@stateauto.example", "csv"},
	{"26-3111-WTR", "HO-26-3318207", "American Strategic Insurance", "ASI-HO-7712093", "Nadia Hassan", "4471 Refugee Rd, Columbus, OH 43232", "Water", "Jorge Mendez", "jmendez@alacritysolutions.example", "csv"},
	{"", "7234-HO-118820", "Nationwide", "", "Gwen Takahashi", "315 Chittenden Ave, Columbus, OH 43201", "Water", "Darnell Hughes", "dhughes@nationwide.example", "assignment"},
	{"", "H7R2291", "Travelers", "", "Frank DeLuca", "1802 Lockbourne Rd, Columbus, OH 43207", "Water", "Sheila Grant", "sgrant@travelers.example", "assignment"},
	{"", "A00008802113", "Erie Insurance", "", "Beatriz Souza", "2604 Indianola Ave, Columbus, OH 43202", "Water", "Karen Mullins", "kmullins@erieinsurance.example", "assignment"},
}
