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
