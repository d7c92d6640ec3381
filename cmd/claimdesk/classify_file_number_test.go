package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestClassifyReadsTheAdjustersFileNumber classifies offline, with a
// claims file that gives the adjusting firm's file number, mail naming
// only that file: it is filed to the claim.
func TestClassifyReadsTheAdjustersFileNumber(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.csv")
	eml := filepath.Join(dir, "ref.eml")
	write := func(path, s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(claims, "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email,adjuster_file_number\n"+
		"26-1044-MLD,LX0011289456,Lexington,,Grace Fellowship Church,900 E Dublin-Granville Rd,Mold,Neil Braddock,nbraddock@englemartin.example,EMA-26-10442\n")
	write(eml, "From: Neil Braddock <nbraddock@englemartin.example>\r\nTo: claims@office.example\r\n"+
		"Subject: Ref: EMA-26-10442 - reinspection moved\r\nMessage-ID: <r1@englemartin.example>\r\n"+
		"Date: Tue, 01 Dec 2026 08:50:00 -0500\r\n\r\nReinspection moved to Friday 12/4 at 10:00.\r\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"classify", "--claims", claims, eml}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var out struct {
		ClaimNumber *string `json:"claim_number"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("%v in %s", err, stdout.String())
	}
	if out.ClaimNumber == nil || *out.ClaimNumber != "LX0011289456" {
		t.Errorf("filed to %v, want LX0011289456: %s", out.ClaimNumber, stdout.String())
	}
}

// TestClassifyFilesMailWaitingForTheFileNumber classifies offline the
// firm's mail naming only its file number, then the firm's first report
// giving that number beside the claim's: the mail, waiting until then, is
// filed to the claim, as serve files it.
func TestClassifyFilesMailWaitingForTheFileNumber(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, s string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	claims := write("claims.csv", "job_number,claim_number,carrier,policy_number,insured_name,loss_address,loss_type,adjuster_name,adjuster_email\n"+
		"26-2644-WTR,054419283017,Safeco,,Brian O'Neal,\"37 Kennesaw Ave NW, Marietta, GA 30060\",Water,,\n")
	const dana = "From: Dana Whitfield <dwhitfield@pilotcat.example>\r\nTo: claims@office.example\r\n"
	status := write("status.eml", dana+"Subject: Ref: PCS-GA-26-44817 - status?\r\nMessage-ID: <s1@pilotcat.example>\r\n"+
		"Date: Mon, 02 Mar 2026 09:00:00 -0500\r\n\r\nAny update on drying? I will need your moisture map.\r\n")
	report := write("report.eml", dana+"Subject: O'Neal / Safeco\r\nMessage-ID: <r1@pilotcat.example>\r\n"+
		"Date: Tue, 03 Mar 2026 09:00:00 -0500\r\n\r\nPilot Catastrophe Services has been assigned by Safeco to handle the above claim.\r\n\r\n"+
		"Our File No.:    PCS-GA-26-44817\r\nSafeco Claim:    054419283017\r\nInsured:         Brian O'Neal\r\n"+
		"Risk:            37 Kennesaw Ave NW, Marietta\r\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"classify", "--claims", claims, status, report}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	dec := json.NewDecoder(&stdout)
	for dec.More() {
		var out struct {
			File        string  `json:"file"`
			ClaimNumber *string `json:"claim_number"`
		}
		if err := dec.Decode(&out); err != nil {
			t.Fatal(err)
		}
		if out.ClaimNumber == nil || *out.ClaimNumber != "054419283017" {
			t.Errorf("%s filed to %v, want 054419283017", filepath.Base(out.File), out.ClaimNumber)
		}
	}
}
