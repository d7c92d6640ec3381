package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

// TestClassifyOtherOffice classifies the built-in sample mailbox, written
// independently of the labelled corpus: another office, other carriers and
// claim-number formats (31-7K42-9Q8, HFC-26-00418, IB218-604417-02), an
// Outlook forward, a Gmail forward, an HTML-only notification, Spanish mail.
// The rules were not tuned on it: it checks they hold on unseen mail.
func TestClassifyOtherOffice(t *testing.T) {
	want := map[string]string{ // file → job number; "" means not filed (triage or ignored)
		"0001.eml": "26-2107-WTR", // XactAnalysis assignment creates the claim
		"0002.eml": "26-2101-WTR", "0003.eml": "26-2101-WTR",
		"0004.eml": "26-2108-WTR", // adjuster's "please accept this assignment"
		"0005.eml": "26-2102-WTR", // technician's photos naming the insured's last name and the street without its number
		"0006.eml": "26-2102-WTR", "0007.eml": "26-2102-WTR",
		"0008.eml": "", // newsletter
		"0009.eml": "26-2102-WTR", "0010.eml": "26-2101-WTR", "0011.eml": "26-2103-FIR", "0012.eml": "26-2108-WTR",
		"0013.eml": "26-2105-WTR", "0014.eml": "26-2103-FIR", "0015.eml": "26-2105-WTR", "0016.eml": "26-2103-FIR",
		"0017.eml": "26-2104-MLD", "0018.eml": "26-2104-MLD", "0019.eml": "26-2105-WTR", "0020.eml": "26-2105-WTR",
		"0021.eml": "26-2106-WTR", "0022.eml": "26-2101-WTR", "0023.eml": "26-2102-WTR", "0024.eml": "26-2102-WTR",
		"0025.eml": "26-2106-WTR", "0026.eml": "26-2104-MLD", "0027.eml": "26-2102-WTR", "0028.eml": "26-2103-FIR",
		"0029.eml": "26-2104-MLD", "0030.eml": "26-2101-WTR", "0031.eml": "26-2108-WTR", "0032.eml": "26-2101-WTR",
		"0033.eml": "26-2105-WTR", "0034.eml": "26-2101-WTR", "0035.eml": "26-2107-WTR", "0036.eml": "26-2105-WTR",
		"0037.eml": "26-2107-WTR", "0038.eml": "26-2102-WTR", "0039.eml": "26-2104-MLD", "0040.eml": "26-2108-WTR",
		"0041.eml": "26-2102-WTR", "0042.eml": "26-2104-MLD", "0043.eml": "26-2106-WTR", "0044.eml": "26-2105-WTR",
		"0045.eml": "26-2106-WTR", "0046.eml": "26-2103-FIR", "0047.eml": "26-2106-WTR", "0048.eml": "26-2107-WTR",
		"0049.eml": "26-2101-WTR", "0050.eml": "26-2103-FIR", "0051.eml": "26-2107-WTR",
		"0052.eml": "", // bounce
		"0053.eml": "26-2103-FIR", "0054.eml": "26-2104-MLD", "0055.eml": "26-2105-WTR", "0056.eml": "26-2106-WTR",
		"0057.eml": "", // a stranger's new loss: triage
		"0058.eml": "26-2108-WTR",
	}
	wantTypes := map[string]string{
		"ITEL_Report_ITL-2611-48213.pdf": "lab_report", "Invoice_10482.pdf": "invoice",
		"COS - Lindqvist.pdf": "cos", "ATP_Ostrowski.pdf": "atp", "image001.png": "inline",
		"attachment-1.ics": "other", "Becker scope - remediation protocol.pdf": "scope",
		"LINDQVIST_G_31-7K42-9Q8.ESX": "estimate", "LINDQVIST_G_31-7K42-9Q8_SKETCH.pdf": "sketch",
		"Herrera_lecturas_finales.pdf": "drying_log",
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"classify", "--office-domain", "demo-restoration.example",
		"--claims", "../../internal/demo/claims.csv", "--sent", "../../internal/demo/sent", "../../internal/demo/mail"},
		noEnv, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("classify exit %d: %s", code, stderr.String())
	}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<20)
	seen := 0
	for sc.Scan() {
		var m classifiedMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		got := ""
		if m.JobNumber != nil {
			got = *m.JobNumber
		}
		if w, ok := want[m.File]; ok {
			seen++
			if got != w {
				t.Errorf("%s: filed to %q, want %q (evidence %+v)", m.File, got, w, m.Evidence)
			}
		}
		for _, a := range m.Attachments {
			if w, ok := wantTypes[a.Filename]; ok && a.DocType != w {
				t.Errorf("%s: %s is %s, want %s", m.File, a.Filename, a.DocType, w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of the %d labelled messages", seen, len(want))
	}
}
