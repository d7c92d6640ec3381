package requests

import (
	"slices"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

func TestExtractDocTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, subject, body string
		docs, items         []string
	}{
		{"state farm payment hold", "", "Hi,\n\nI need the signed work authorization and the final moisture map before payment can be issued.\n\nJennifer Anderson\nState Farm", []string{"atp", "drying_log"}, nil},
		{"usaa list", "", "Good afternoon,\nPlease send the following:\n- ESX\n- photos\n- sketch\n\nThanks,\nCarlos", []string{"estimate", "photo", "sketch"}, nil},
		{"allstate COS", "", "Can you forward the COS signed by the insured? File can't close without it.", []string{"cos"}, nil},
		{"travelers completion cert", "", "We are still missing the certificate of completion and your final invoice.", []string{"cos", "invoice"}, nil},
		{"liberty lab", "", "Have you received the ITEL results yet? Please upload the lab report to XactAnalysis when you have it.", []string{"lab_report"}, nil},
		{"progressive dry logs", "", "Could you send me your dry logs and the psychrometric readings for the past 3 days?", []string{"drying_log"}, nil},
		{"nationwide equipment", "", "Please provide an equipment list and the expected dry-out date.", nil, []string{ItemDryOutDate, ItemEquipmentList}},
		{"farmers xactimate", "", "Kindly upload your Xactimate estimate and diagram.", []string{"estimate", "sketch"}, nil},
		{"pictures waiting", "", "Still waiting on pictures of the affected area.", []string{"photo"}, nil},
		{"scope of work", "", "Please submit the scope of work with the CAT and Class.", []string{"scope"}, nil},
		{"atp caps", "", "Need ATP asap.", []string{"atp"}, nil},
		{"waiver", "", "Please have the homeowner sign the waiver and email it over.", []string{"waiver"}, nil},
		{"repair contract", "", "Can we get a copy of the authorization to repair?", []string{"atr"}, nil},
		{"removal date", "", "When will you pick up the equipment? I need the removal date for my report.", nil, []string{ItemRemovalDate}},
		{"spanish photos", "", "Hola, ¿me pueden enviar las fotos y la factura por favor?", []string{"invoice", "photo"}, nil},
		{"spanish certificate", "", "Necesito el certificado de satisfacción firmado.", []string{"cos"}, nil},
		{"spanish drying", "", "Por favor manden las lecturas de humedad y el registro de secado.", []string{"drying_log"}, nil},
		{"spanish authorization", "", "Favor de enviar la autorización de trabajo firmada.", []string{"atp"}, nil},
		{"spanish estimate", "", "¿Cuándo me mandan el presupuesto?", []string{"estimate"}, nil},
		{"spanish removal", "", "¿Cuándo van a recoger los ventiladores y deshumidificadores?", nil, []string{ItemRemovalDate}},
		{"subject only", "Need photos and ESX for 0683449786", "", []string{"estimate", "photo"}, nil},
		{"progressive missing", "", "The file is missing the signed COS and the final dry logs.", []string{"cos", "drying_log"}, nil},
		{"on hold pending", "", "Payment is on hold pending the certificate of completion.", []string{"cos"}, nil},
		{"haven't received", "", "I haven't received the scope yet.", []string{"scope"}, nil},
		{"where are", "", "Where are the pictures from the inspection?", []string{"photo"}, nil},
		{"dry out report", "", "Still need the equipment log and dry out report.", []string{"drying_log"}, []string{ItemEquipmentList}},
		{"daily monitoring", "", "We need documentation of the daily monitoring.", []string{"drying_log"}, nil},
		{"kindly submit", "", "Kindly submit photos of the affected areas, moisture readings, and your ESX file.", []string{"drying_log", "estimate", "photo"}, nil},
		{"work auth", "", "Can you send the signed work auth?", []string{"atp"}, nil},
		{"itel report", "", "Please send the ITEL report.", []string{"lab_report"}, nil},
		{"asbestos", "", "Please send the asbestos test results.", []string{"lab_report"}, nil},
		{"spanish informe", "", "Necesito las fotos del daño y el informe de secado.", []string{"drying_log", "photo"}, nil},
		{"spanish finalizacion", "", "¿Pueden enviarme el certificado de finalización firmado?", []string{"cos"}, nil},
		{"spanish estimado", "", "Favor de enviar el estimado.", []string{"estimate"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, ok := Extract(tt.subject, tt.body, time.Time{}, nil)
			if !ok {
				t.Fatalf("no request read from %q", tt.body)
			}
			if !slices.Equal(req.DocTypes, tt.docs) || !slices.Equal(req.Items, tt.items) {
				t.Errorf("docs %v items %v, want %v %v (text %q)", req.DocTypes, req.Items, tt.docs, tt.items, req.Text)
			}
		})
	}
}

func TestExtractNoRequest(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, subject, body string }{
		{"invoice attached", "", "Container delivered to 713 River Rd. Invoice attached."},
		{"photos attached", "", "Photos attached, please advise."},
		{"see attached", "", "See attached estimate and let me know if you have questions."},
		{"find attached", "", "Find attached the invoice."},
		{"did you receive", "", "Did you receive the photos I sent?"},
		{"received", "", "Received, looks good.\n\nMark"},
		{"thanks for photos", "", "Thanks for the photos and the moisture map, all good on my end."},
		{"third party need", "", "El ajustador dice que necesita el certificado."},
		{"we attached", "", "I have attached the signed ATP for your file."},
		{"reply subject", "Re: Drying logs for 26-1001-WTR", "Got it, thank you."},
		{"status only", "", "Could you send me the status on claim LA736-838738-06?"},
		{"quoted ask", "", "Sounds good.\n\nOn Mon, Nov 2, 2026 at 9:00 AM Jennifer <j@statefarm.example> wrote:\n> Please send the COS and the invoice."},
		{"outlook quote", "", "Approved.\n\nFrom: Carlos Anderson <canderson@usaa.example>\nSent: Monday, November 2, 2026 9:00 AM\nTo: claims\nSubject: photos\n\nPlease send photos."},
		{"signature disclaimer", "", "Approved, please proceed.\n\nThanks,\nLinda Jackson\nState Farm\nPlease send all invoices to invoices@statefarm.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if req, ok := Extract(tt.subject, tt.body, time.Time{}, nil); ok && len(req.DocTypes) > 0 {
				t.Errorf("read a request for %v from %q (text %q)", req.DocTypes, tt.body, req.Text)
			}
		})
	}
}

// chicagoOffice is the calendar of an office in Chicago, open Monday to
// Friday 08:00 to 18:00, and its time zone.
func chicagoOffice(t *testing.T) (*time.Location, *sla.Calendar) {
	t.Helper()
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	return chicago, sla.NewCalendar(chicago, sla.DefaultHours())
}

// checkDue fails t unless DueTime reads text, sent at sent, as due at want
// (zero: no due time).
func checkDue(t *testing.T, cal *sla.Calendar, sent time.Time, text string, want time.Time) {
	t.Helper()
	got := DueTime(text, sent, cal)
	switch {
	case want.IsZero() && got != nil:
		t.Errorf("%q: due %v, want none", text, got)
	case !want.IsZero() && (got == nil || !got.Equal(want)):
		t.Errorf("%q: due %v, want %v", text, got, want)
	}
}

func TestDueTime(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	// Tuesday 3 November 2026, 10:00 in Chicago; the office is open
	// Monday to Friday 08:00 to 18:00.
	sent := time.Date(2026, 11, 3, 10, 0, 0, 0, chicago)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, chicago) }
	tests := []struct {
		text string
		want time.Time // zero: no due time
	}{
		{"Please send it by EOD.", day(3, 18, 0)},
		{"Need this by end of day today.", day(3, 18, 0)},
		{"Please send within 24 hours.", day(4, 18, 0)},
		{"Please send within 2 hours.", day(3, 12, 0)},
		{"Please send within 48 hrs.", day(5, 18, 0)},
		{"Need the COS by Thursday.", day(5, 18, 0)},
		{"Can you send it by Friday?", day(6, 18, 0)},
		{"Please send it tomorrow.", day(4, 18, 0)},
		{"Por favor envíen las fotos mañana.", day(4, 18, 0)},
		{"Hablé con el ajustador esta mañana.", time.Time{}},
		{"Por favor envíen el certificado para el jueves.", day(5, 18, 0)},
		{"Please send the invoice by noon.", day(3, 12, 0)},
		{"Please send the invoice by 3pm.", day(3, 15, 0)},
		{"Please send the invoice by 9am.", day(4, 9, 0)},
		{"Please upload it within 2 business days.", day(5, 18, 0)},
		{"Please send it by Nov 20.", day(20, 18, 0)},
		{"Please send it by 11/14.", day(16, 18, 0)}, // a Saturday: the next business day
		{"Please send it by end of week.", day(6, 18, 0)},
		{"Please send the photos.", time.Time{}},
		{"We met the insured on Monday; please send the photos.", time.Time{}},
	}
	for _, tt := range tests {
		checkDue(t, cal, sent, tt.text, tt.want)
	}
}

// TestDueTimeNeverBeforeTheMail reads due times from mail sent on Tuesday
// evening, after the office closed: a day or hour that had passed when it
// was sent is due at the office's next close, never before the mail.
func TestDueTimeNeverBeforeTheMail(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	sent := time.Date(2026, 11, 3, 22, 39, 0, 0, chicago) // Tuesday, 22:39
	wednesdayClose := time.Date(2026, 11, 4, 18, 0, 0, 0, chicago)
	for _, text := range []string{"Need the COS by Tuesday 11/3.", "Please send it by EOD.", "Please send it by 11/3."} {
		got := DueTime(text, sent, cal)
		if got == nil || got.Before(sent) || !got.Equal(wednesdayClose) {
			t.Errorf("%q sent %v: due %v, want %v", text, sent, got, wednesdayClose)
		}
	}
}

func TestExtractDueAndText(t *testing.T) {
	t.Parallel()
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	sent := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC) // a Tuesday
	body := "Hi team,\n\nThe insured called again. I need the signed work authorization\nand the final moisture map before payment can be issued. Please send by Thursday.\n\nRegards,\nMark Ortiz\nTravelers"
	req, ok := Extract("", body, sent, cal)
	if !ok {
		t.Fatal("no request")
	}
	want := "I need the signed work authorization and the final moisture map before payment can be issued."
	if req.Text != want {
		t.Errorf("text %q, want %q", req.Text, want)
	}
	if req.Due == nil || !req.Due.Equal(time.Date(2026, 11, 5, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("due %v, want Thursday 18:00", req.Due)
	}
}

func TestOwnText(t *testing.T) {
	t.Parallel()
	body := "Please send the ESX.\n\nThanks,\nNancy\n\n-----Original Message-----\nFrom: claims\nPlease send photos."
	if got := OwnText(body); got != "Please send the ESX." {
		t.Errorf("own text %q", got)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Need ATP", "Please send the COS by Thursday.\n> quoted")
	f.Add("", "Hola, ¿me pueden enviar las fotos mañana antes de las 3?")
	cal := sla.NewCalendar(time.UTC, sla.DefaultHours())
	sent := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, subject, body string) {
		req, ok := Extract(subject, body, sent, cal)
		if ok && len(req.DocTypes)+len(req.Items) == 0 {
			t.Errorf("request without anything asked: %+v", req)
		}
	})
}

// TestDueTimeAdjustersWords reads the deadlines adjusters write, from mail
// sent on Thursday 3 December 2026 at 09:50 to an office open Monday to
// Friday 08:00 to 18:00: the end of a day is the office's close that day,
// a weekday named is the next such day (the mail's own while the office is
// open), "ASAP" today whatever else is named, and something the
// sender has on a day ("my review on Wednesday") wants the answer by the
// close of the business day before it.
func TestDueTimeAdjustersWords(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	thursday := time.Date(2026, 12, 3, 9, 50, 0, 0, chicago)
	friday := time.Date(2026, 12, 4, 16, 0, 0, 0, chicago)
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, chicago) }
	tests := []struct {
		sent time.Time
		text string
		want time.Time // zero: no due time
	}{
		{thursday, "Please send me the drying logs so far by end of day Friday.", day(4, 18, 0)},
		{thursday, "Please send the photos by EOD Friday.", day(4, 18, 0)},
		{thursday, "Need the photos Friday EOD.", day(4, 18, 0)},
		{thursday, "Please send the photos by EOD.", day(3, 18, 0)},
		{thursday, "Please send the COS by Wednesday.", day(9, 18, 0)},
		{thursday, "Please send the COS by Thursday.", day(3, 18, 0)},        // that day, while the office is open
		{day(3, 18, 30), "Please send the COS by Thursday.", day(10, 18, 0)}, // after its close, the next
		{friday, "Need the photos Friday EOD.", day(4, 18, 0)},
		{thursday, "Send the photos ASAP, I have a review on Wednesday.", day(3, 18, 0)},
		{thursday, "The estimate you sent was due Monday; please send the photos.", time.Time{}},
		{thursday, "The estimate is due Monday.", day(7, 18, 0)},
		{thursday, "Please send the COS before my review on Wednesday.", day(8, 18, 0)},
		{thursday, "Please send the final drying log - I have a supervisor review on Wednesday.", day(8, 18, 0)},
		{thursday, "Please send the photos within 24 hours.", day(4, 18, 0)},
		{thursday, "Please send the photos ASAP.", day(3, 18, 0)},
		{thursday, "Please send the photos as soon as possible.", day(3, 18, 0)},
		{thursday, "Please send the photos today.", day(3, 18, 0)},
		{thursday, "Please send the photos tomorrow morning.", day(4, 12, 0)},
		{friday, "Please send the photos first thing tomorrow.", day(7, 12, 0)},
		{thursday, "Please send the estimate by 12/9.", day(9, 18, 0)},
		{thursday, "Please send the estimate by Wednesday 12/9.", day(9, 18, 0)},
		{thursday, "Please send the estimate, due 12/9.", day(9, 18, 0)},
		{thursday, "Por favor envíen las fotos para el viernes.", day(4, 18, 0)},
		{thursday, "Necesito el certificado lo antes posible.", day(3, 18, 0)},
		{thursday, "Thanks for the meeting on Monday; please send the photos.", time.Time{}},
		{thursday, "We inspected on Tuesday, please send the photos.", time.Time{}},
	}
	for _, tt := range tests {
		checkDue(t, cal, tt.sent, tt.text, tt.want)
	}
}

// TestExtractDueWithinABusinessDayByDefault: a request that gives no due
// time is due within one business day, by the office's close the next
// business day; a message that asks for nothing is still no request.
func TestExtractDueWithinABusinessDayByDefault(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	for _, tt := range []struct {
		sent, want time.Time
	}{
		{time.Date(2026, 12, 7, 15, 9, 0, 0, chicago), time.Date(2026, 12, 8, 18, 0, 0, 0, chicago)},  // Monday afternoon: Tuesday
		{time.Date(2026, 12, 4, 19, 0, 0, 0, chicago), time.Date(2026, 12, 8, 18, 0, 0, 0, chicago)},  // Friday evening: Monday is its first day
		{time.Date(2026, 12, 5, 10, 0, 0, 0, chicago), time.Date(2026, 12, 8, 18, 0, 0, 0, chicago)},  // Saturday: likewise
		{time.Date(2026, 12, 10, 8, 0, 0, 0, chicago), time.Date(2026, 12, 11, 18, 0, 0, 0, chicago)}, // Thursday at opening
	} {
		req, ok := Extract("Sandoval - musty smell", "Can you check it when you take readings and send me photos?", tt.sent, cal)
		if !ok || req.Due == nil || !req.Due.Equal(tt.want) {
			t.Errorf("sent %v: request %v, due %v; want due %v", tt.sent, ok, req.Due, tt.want)
		}
	}
	if req, ok := Extract("Thanks", "Thanks for the update, all good here.", time.Date(2026, 12, 7, 15, 9, 0, 0, chicago), cal); ok {
		t.Errorf("a message that asks for nothing is a request: %+v", req)
	}
}
