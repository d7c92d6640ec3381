package web

import (
	"context"
	"fmt"
	"html"
	"image/jpeg"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/internal/pdftest"
	"github.com/claimdesk/claimdesk/internal/testenv"
	"github.com/claimdesk/claimdesk/thumbnail"
)

func TestClaimsPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	ripley := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Address: "12 Nostromo Way, Houston TX 77002", Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example"})
	hicks := b.addClaim(t, claimSeed{Job: "26-1002-FIR", Number: "0683449786", Carrier: "Allstate", Insured: "Dwayne Hicks",
		Adjuster: "Bob Adjuster", AdjusterEmail: "bob@allstate.example"})
	b.addClaim(t, claimSeed{Job: "25-0990-MLD", Number: "577104656-341", Carrier: "State Farm", Insured: "Lance Bishop",
		Adjuster: "Bob Adjuster", Status: "closed"})
	b.addMessage(t, msgSeed{Subject: "Call me", ClaimID: ripley, NeedsAck: true, Arrived: now.Add(-time.Hour), Due: ptr(now.Add(-30 * time.Minute))})
	b.addDocument(t, hicks, docSeed{Filename: "IMG_1.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos", Data: []byte("jpeg")})

	rows := func(body string) []string {
		var jobs []string
		for _, job := range []string{"26-1001-WTR", "26-1002-FIR", "25-0990-MLD"} {
			if strings.Contains(body, ">"+job+"</strong>") {
				jobs = append(jobs, job)
			}
		}
		return jobs
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"26-1001-WTR", "26-1002-FIR"}}, // open ones by default
		{"?status=all", []string{"26-1001-WTR", "26-1002-FIR", "25-0990-MLD"}},
		{"?status=closed", []string{"25-0990-MLD"}},
		{"?status=all&carrier=State+Farm", []string{"26-1001-WTR", "25-0990-MLD"}},
		{"?adjuster=Bob+Adjuster", []string{"26-1002-FIR"}},
		{"?q=608H77", []string{"26-1001-WTR"}},            // the claim number written without dashes
		{"?q=0683-449786", []string{"26-1002-FIR"}},       // or with other ones
		{"?q=nostromo", []string{"26-1001-WTR"}},          // the address
		{"?q=bishop&status=all", []string{"25-0990-MLD"}}, // the insured
		{"?overdue=1", []string{"26-1001-WTR"}},
		{"?q=nobody", nil},
	} {
		body := b.get(t, "/claims"+tc.query, http.StatusOK)
		if got := rows(body); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("/claims%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	body := b.get(t, "/claims", http.StatusOK)
	for _, want := range []string{
		fmt.Sprintf(`href="/claims/%d"`, ripley), "1 waiting · 1 overdue", // its waiting message, overdue
		"<option>Allstate</option>", "<option>Bob Adjuster</option>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("claims list lacks %q", want)
		}
	}
	if !strings.Contains(b.get(t, "/claims?carrier=Allstate", http.StatusOK), `<option selected>Allstate</option>`) {
		t.Error("the carrier filter does not show as chosen")
	}
	if resp, _ := b.do(t, b.c, "GET", "/claims?status=lost", nil, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown status: %d", resp.StatusCode)
	}
}

func TestClaimsPagePaging(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	for i := range claimsPageSize + 5 {
		b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-%04d-WTR", i+1), Number: fmt.Sprintf("CL-%d", i+1)})
	}
	body := b.get(t, "/claims", http.StatusOK)
	if n := strings.Count(body, `<td class="nowrap"><a href="/claims/`); n != claimsPageSize {
		t.Fatalf("first page: %d claims", n)
	}
	i := strings.Index(body, `<a href="/claims?`)
	if i < 0 || !strings.Contains(body, "More claims") {
		t.Fatal("no link to more claims")
	}
	next := body[i+len(`<a href="`):]
	next = strings.ReplaceAll(next[:strings.Index(next, `"`)], "&amp;", "&")
	body = b.get(t, next, http.StatusOK)
	if n := strings.Count(body, `<td class="nowrap"><a href="/claims/`); n != 5 || !strings.Contains(body, ">26-0001-WTR<") || strings.Contains(body, "More claims") {
		t.Errorf("second page: %d claims\n%s", n, body)
	}
}

// onePagePDF is the smallest PDF with a page that draws something.
func onePagePDF() []byte {
	content := "0 0.4 0.8 rg 72 72 468 648 re f"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		pdftest.Stream(content),
	}
	return pdftest.Objects(objs...)
}

func TestClaimPage(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	now := b.clock.Now()
	id := b.addClaim(t, claimSeed{Job: "26-1001-WTR", Number: "60-8H77-8H5", Carrier: "State Farm", Insured: "Ellen Ripley",
		Address: "12 Nostromo Way", LossType: "Water", Adjuster: "Ann Adjuster", AdjusterEmail: "ann@carrier.example",
		Opened: now.Add(-30 * time.Hour)})
	_, err := b.sql.Exec(context.Background(), `INSERT INTO claim_participants (claim_id, role, name, email, phone)
		VALUES ($1, 'foreman', 'Frank Foreman', 'frank@office.example', '555-0100')`, id)
	if err != nil {
		t.Fatal(err)
	}
	photo := b.addDocument(t, id, docSeed{Filename: "IMG_0001.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: testenv.JPEG(t, 1200, 900)})
	estimate := b.addDocument(t, id, docSeed{Filename: "Estimate.pdf", ContentType: "application/pdf", DocType: "estimate",
		Folder: "Estimates", Data: onePagePDF(), Stamped: true})
	// A PDF whose stamp is made again (the claim renamed) offers none.
	restamping := b.addDocument(t, id, docSeed{Filename: "Mitigation.pdf", ContentType: "application/pdf", DocType: "estimate",
		Folder: "Estimates", Data: []byte("%PDF-1.7 mitigation")})
	esx := b.addDocument(t, id, docSeed{Filename: "Ripley.esx", ContentType: "application/octet-stream", DocType: "estimate",
		Folder: "Estimates", Data: []byte("PK esx")})
	msg := b.addMessage(t, msgSeed{Subject: "Photos from the site", ClaimID: id, Status: "filed", NeedsAck: true,
		Arrived: now.Add(-time.Hour), Due: ptr(now.Add(-30 * time.Minute))})
	b.addMessage(t, msgSeed{Subject: "Re: Photos from the site", ClaimID: id, Status: "filed", Direction: "out", From: "dana@office.example"})

	body := html.UnescapeString(b.get(t, fmt.Sprintf("/claims/%d", id), http.StatusOK))
	for _, want := range []string{
		"26-1001-WTR", "Ellen Ripley", "60-8H77-8H5", "State Farm", "12 Nostromo Way", "Ann Adjuster",
		"Frank Foreman", "555-0100", "· entered by hand</dd>",
		`id="forward-address" aria-labelledby="forward-label">claims+26-1001-WTR@office.example</code>`, `data-copy="claims+26-1001-WTR@office.example"`,
		// checklist and milestones
		"Sketch", "Photos and 24-hour scope", "Billing packet complete", `class="item-missing"`, `class="item-present"`,
		// the folder tree, photos before estimates
		`<span class="folder-name">Photos</span>`, `<span class="folder-name">Estimates</span>`,
		fmt.Sprintf(`src="/documents/%d/thumbnail"`, photo), fmt.Sprintf(`src="/documents/%d/thumbnail"`, estimate),
		fmt.Sprintf(`href="/documents/%d/original?inline=1"`, estimate), fmt.Sprintf(`href="/documents/%d/stamped?inline=1"`, estimate),
		fmt.Sprintf(`href="/documents/%d/original"`, esx),
		fmt.Sprintf(`href="/documents/%d/original?inline=1" target="_blank" rel="noopener">View</a> · <span class="muted" title="The received stamp is being made, or updated to the claim's job number.">being stamped</span>`, restamping),
		// its messages, the waiting one flagged
		fmt.Sprintf(`href="/messages/%d"`, msg), "Re: Photos from the site", `badge-overdue">answer overdue`,
		fmt.Sprintf(`action="/claims/%d/updates"`, id),
		// today's update owed, the day written in words
		fmt.Sprintf(`<time datetime="%s">%s</time> <span class="day-state">`, now.Format(time.DateOnly), now.Format("Mon Jan 2")),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("claim page lacks %q", want)
		}
	}
	if !inOrder(body, `folder-name">Photos`, `folder-name">Estimates`) {
		t.Error("folders out of order")
	}
	if strings.Contains(body, fmt.Sprintf(`href="/documents/%d/stamped`, restamping)) {
		t.Error("a PDF being stamped again offers a stamped copy")
	}
	if strings.Contains(body, fmt.Sprintf(`href="/documents/%d/stamped`, esx)) || strings.Count(body, "being stamped</span>") != 1 {
		t.Error("a file that is not stamped is said to be stamped, or being stamped")
	}
	if strings.Contains(body, fmt.Sprintf(`src="/documents/%d/thumbnail"`, esx)) {
		t.Error("an ESX file asks for a thumbnail")
	}
	b.get(t, "/claims/999999", http.StatusNotFound)
	b.get(t, "/claims/x", http.StatusBadRequest)

	// A photo's thumbnail: a JPEG at most 320 pixels wide, kept in the
	// store for the next time.
	thumb := func(id int64) (*http.Response, string) {
		t.Helper()
		return b.do(t, b.c, "GET", fmt.Sprintf("/documents/%d/thumbnail", id), nil, nil)
	}
	resp, data := thumb(photo)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("photo thumbnail: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	img, err := jpeg.Decode(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X != thumbnail.MaxSide || sz.Y != 240 {
		t.Errorf("thumbnail %v, want 320×240", sz)
	}
	if r, _, _, _ := img.At(10, 120).RGBA(); r < 0x9000 {
		t.Error("the thumbnail lost the photo's left half")
	}
	var sha string
	b.query(t, `SELECT sha256 FROM documents WHERE id = $1`, []any{photo}, &sha)
	if _, err := b.store.Stat(context.Background(), thumbnail.Key(sha)); err != nil {
		t.Errorf("thumbnail not kept: %v", err)
	}

	// A PDF's first page.
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		resp, data = thumb(estimate)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("PDF thumbnail: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		img, err := jpeg.Decode(strings.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if sz := img.Bounds().Size(); max(sz.X, sz.Y) != thumbnail.MaxSide {
			t.Errorf("PDF thumbnail %v", sz)
		}
	} else {
		t.Log("pdftoppm missing (Debian package poppler-utils): PDF thumbnails untested")
	}
	// A file with no picture gets the file icon.
	resp, _ = thumb(esx)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/static/file.svg") {
		t.Errorf("ESX thumbnail: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// So does a broken photo, and it is not tried again at once.
	broken := b.addDocument(t, id, docSeed{Filename: "broken.jpg", ContentType: "image/jpeg", DocType: "photo", Folder: "Photos",
		Data: []byte("\xff\xd8 not a jpeg")})
	for range 2 {
		if resp, _ := thumb(broken); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("broken photo's thumbnail: %d", resp.StatusCode)
		}
	}
	if resp, _ := thumb(999999); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing document's thumbnail: %d", resp.StatusCode)
	}
}

// TestClaimsPageSearchFindsTheRecordsWords searches the claims list as the
// search box at the top finds claims: by the insured's name without its
// accent, the name and the street together (not the neighbour's claim),
// the street spelled out where the record abbreviates it, and the phone
// however written. A search holding a word no claim has shows none and
// names the word; the next page of a search goes on with it.
func TestClaimsPageSearchFindsTheRecordsWords(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	pena := b.addClaim(t, claimSeed{Job: "26-1042-WTR", Number: "60-8H77-8H5", Insured: "Luis Peña",
		Address: "2106 Fuller St S, Minneapolis, MN 55401"})
	if _, err := b.sql.Exec(t.Context(), `UPDATE claims SET insured_phone = '(763) 555-0147' WHERE id = $1`, pena); err != nil {
		t.Fatal(err)
	}
	b.addClaim(t, claimSeed{Job: "26-1043-WTR", Insured: "Rosa Sandoval", Address: "418 Maple Ave, Edina, MN 55424"})
	b.addClaim(t, claimSeed{Job: "26-1044-FIR", Insured: "Mark Jones", Address: "420 Maple Ave, Edina, MN 55424"})

	rows := func(body string) []string {
		body, _, _ = strings.Cut(body, `class="close-claims"`) // spelt otherwise: not found as typed
		var jobs []string
		for _, job := range []string{"26-1042-WTR", "26-1043-WTR", "26-1044-FIR"} {
			if strings.Contains(body, ">"+job+"</strong>") {
				jobs = append(jobs, job)
			}
		}
		return jobs
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"Pena", []string{"26-1042-WTR"}},
		{"Sandoval Maple", []string{"26-1043-WTR"}},
		{"Fuller Street", []string{"26-1042-WTR"}},
		{"(763) 555-0147", []string{"26-1042-WTR"}},
		{"7635550147", []string{"26-1042-WTR"}},
		{"Maple Avenue", []string{"26-1043-WTR", "26-1044-FIR"}},
		{"Sandoval Mapel", nil},
	} {
		body := b.get(t, "/claims?"+url.Values{"q": {tc.query}}.Encode(), http.StatusOK)
		if got := rows(body); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("/claims?q=%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	body := html.UnescapeString(b.get(t, "/claims?q=Sandoval+Mapel", http.StatusOK))
	if !strings.Contains(body, "No claim has the word “Mapel”") || strings.Contains(body, "“Sandoval”") {
		t.Errorf("an empty search does not name the word no claim has:\n%s", body)
	}

	for i := range claimsPageSize + 2 {
		b.addClaim(t, claimSeed{Job: fmt.Sprintf("26-%04d-STM", 2000+i), Insured: fmt.Sprintf("Owner %d", i),
			Address: fmt.Sprintf("%d Maple Avenue, Edina, MN 55424", 500+i)})
	}
	body = b.get(t, "/claims?q=maple+ave", http.StatusOK)
	if n := strings.Count(body, `<td class="nowrap"><a href="/claims/`); n != claimsPageSize {
		t.Fatalf("first page of maple ave: %d claims", n)
	}
	i := strings.Index(body, `<a href="/claims?`)
	if i < 0 {
		t.Fatal("no link to more claims")
	}
	next := body[i+len(`<a href="`):]
	next = html.UnescapeString(next[:strings.Index(next, `"`)])
	body = b.get(t, next, http.StatusOK)
	if n := strings.Count(body, `<td class="nowrap"><a href="/claims/`); n != 4 || fmt.Sprint(rows(body)) != "[26-1043-WTR 26-1044-FIR]" ||
		strings.Contains(body, "More claims") {
		t.Errorf("second page of maple ave (%s): %d claims, %v", next, n, rows(body))
	}
}
