package requests

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// A time of day given with a day is that time on that day: the day is
// read as it is alone (this week's, today while the office is open), and
// the time is kept on it; a time already past on that day is the next
// business day's, as is a time alone once past.
func TestDueTimeClockOnADay(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	// Tuesday 3 November 2026, 10:00 in Chicago.
	tuesday := time.Date(2026, 11, 3, 10, 0, 0, 0, chicago)
	friday := time.Date(2026, 11, 6, 17, 30, 0, 0, chicago)
	day := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, chicago) }
	tests := []struct {
		text string
		sent time.Time
		want time.Time
	}{
		{"Please send the invoice by 3pm Friday.", tuesday, day(6, 15, 0)},
		{"Please send the invoice by 3 pm on Friday.", tuesday, day(6, 15, 0)},
		{"Friday by 3 pm, please send the photos.", tuesday, day(6, 15, 0)},
		{"Can you send the ESX by Friday at 3pm?", tuesday, day(6, 15, 0)},
		{"Need the COS before noon on Thursday.", tuesday, day(5, 12, 0)},
		{"Thursday before noon I need the COS.", tuesday, day(5, 12, 0)},
		{"Please send the dry logs no later than 2:30 pm Wed.", tuesday, day(4, 14, 30)},
		{"Please send it by 3pm tomorrow.", tuesday, day(4, 15, 0)},
		{"Tomorrow by 9am please send the photos.", tuesday, day(4, 9, 0)},
		{"Please send it by 11am Tuesday.", tuesday, day(3, 11, 0)},       // today, not past
		{"Please send it by 9am Tuesday.", tuesday, day(4, 9, 0)},         // today's has passed: the next business day's, as "by 9am today"
		{"Please send it by 3pm Tuesday.", day(3, 19, 0), day(10, 15, 0)}, // office closed: next week's
		{"Por favor envíen las fotos el viernes a las 3.", tuesday, day(6, 15, 0)},
		{"Necesito el certificado para el jueves antes de las 11:30.", tuesday, day(5, 11, 30)},
		{"Mándenme el presupuesto a las 3 del viernes.", tuesday, day(6, 15, 0)},
		{"¿Me pueden enviar las fotos mañana antes de las 3?", tuesday, day(4, 15, 0)},
		{"Envíen las fotos esta mañana a las 11.", tuesday, day(3, 11, 0)}, // this morning: today
		{"Mañana por la mañana a las 9 necesito las fotos.", day(3, 7, 0), day(4, 9, 0)},
		// Today's time has passed while the office is open: the next
		// business day's, as for "today", not a week later.
		{"Please send the COS by 5pm Friday.", friday, day(9, 17, 0)},
		{"Please send the COS by 5pm today.", friday, day(9, 17, 0)},
		{"Please send the COS by Friday.", friday, day(6, 18, 0)},
		// A date is a day too.
		{"Please send the COS by 11/5 at 2pm.", tuesday, day(5, 14, 0)},
		{"Please send the COS by 11/5 2pm.", tuesday, day(5, 14, 0)},
		{"Please send the COS by 11/5 2 copies.", tuesday, day(5, 18, 0)}, // a count, not a time
		{"Por favor envíen las fotos el 5/11 a las 3.", tuesday, day(5, 15, 0)},
		{"Please send the COS by 3pm on 11/5.", tuesday, day(5, 15, 0)},
		{"Please send the COS by Nov 5 at noon.", tuesday, day(5, 12, 0)},
		{"Por favor envíen el certificado para el 5/11 a las 10:30.", tuesday, day(5, 10, 30)},
		{"Necesito las fotos antes de las 3 del 5/11, por favor.", tuesday, day(5, 15, 0)},
		// A time alone: today while ahead, else the next business day.
		{"Please send the invoice by 3pm.", tuesday, day(3, 15, 0)},
		{"Please send the invoice by 3pm.", day(3, 16, 0), day(4, 15, 0)},
		{"Please send the invoice by 3pm.", day(7, 11, 0), day(9, 15, 0)}, // a Saturday
	}
	for _, tt := range tests {
		got := DueTime(tt.text, tt.sent, cal)
		if got == nil || !got.Equal(tt.want) {
			t.Errorf("%q sent %s: due %v, want %v", tt.text, tt.sent.Format("Mon 15:04"), got, tt.want)
		}
	}
}

// A numeric date that makes a date in both orders is read in the one due
// within two months of the mail; when both are, in the order of the words
// right before it ("para el" day first, "by" month first), never of the
// mail as a whole: Spanish names in a signature do not make an English
// date day first, nor do Spanish words a US-style date. A date that is
// none in one order is read in the other (13/11 is the 13th of November
// anywhere); one that is no date either way, or no likely one, sets no due
// time.
func TestDueTimeNumericDateOrder(t *testing.T) {
	t.Parallel()
	chicago, cal, sent, _ := sentTuesday(t)
	close := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 18, 0, 0, 0, chicago) }
	tests := []dueCase{
		{"Por favor envíen las fotos para el 9/12.", close(2026, time.December, 9)},
		{"Para el 9/12.", close(2026, time.December, 9)},
		{"Necesitamos el certificado antes del 4/12, gracias.", close(2026, time.December, 4)},
		{"Hola, por favor manden la factura y las fotos by 10/12. Gracias.", close(2026, time.December, 10)},
		{"Por favor envíen el certificado para el 12/25.", close(2026, time.December, 25)}, // no 25th month
		{"Please send it by 12/9.", close(2026, time.December, 9)},
		{"Please send it by 13/11.", close(2026, time.November, 13)},
		{"Please send it by 11/31.", time.Time{}},
		{"Please send the COS by 12/9.\nMaria de la Cruz, Adjuster\nCasa de los Santos Insurance\n100 Calle del Sol", close(2026, time.December, 9)},
		{"Please send it by 11/12.\nMaria de la Cruz\nCasa de los Santos Insurance", close(2026, time.November, 12)},
		{"Por favor envíen las fotos para el 11/12.", close(2026, time.December, 11)},
		{"Hola, por favor manden la factura para el 12/9. Gracias.", close(2026, time.December, 9)},
		{"Por favor envíen las fotos para el 3/4.", time.Time{}}, // Mar 4 or Apr 3: both months away
		{"Por favor envíen las fotos para el 31/11.", time.Time{}},
		// numbers beside a time without a word before them are no date
		{"Please keep the dehus running 24/7 until 8am.", time.Date(2026, 11, 4, 8, 0, 0, 0, chicago)},
		{"Please send photos of rooms 2/3 by 5pm.", time.Date(2026, 11, 3, 17, 0, 0, 0, chicago)},
		// a date just past is that day, due at once, not a year on
		{"Please send it by 10/30.", close(2026, time.November, 3)},
		{"Please send the photos by Mon 11/2.", close(2026, time.November, 3)},
		{"Please send the estimate by 11/20 noon.", time.Date(2026, 11, 20, 12, 0, 0, 0, chicago)},
	}
	checkDues(t, cal, sent, tests)
}

// A weekday named with a numeric date tells its order: the one that falls
// on it. A date on neither reading's weekday sets no due time (mail of Mon
// 2 Mar 2026).
func TestDueTimeWeekdayWithDate(t *testing.T) {
	t.Parallel()
	chicago, cal := chicagoOffice(t)
	sent := time.Date(2026, 3, 2, 10, 0, 0, 0, chicago)
	tests := []dueCase{
		{"Please send the photos by Friday 3/6 at 2.", time.Date(2026, 3, 6, 14, 0, 0, 0, chicago)},
		{"Please send the photos by Friday 3/6 at 2.\nMaria de la Cruz\nCasa de los Santos Insurance", time.Date(2026, 3, 6, 14, 0, 0, 0, chicago)},
		{"Por favor envíen las fotos para el viernes 4/3.", time.Date(2026, 4, 3, 18, 0, 0, 0, chicago)},
		{"Please send the photos by Friday 3/5.", time.Time{}}, // Thu Mar 5, Sun May 3
	}
	checkDues(t, cal, sent, tests)
}

// A time of day after a part of a day is that time on that day: "tomorrow
// morning at 9" is 9:00 tomorrow, not the morning's noon.
func TestDueTimeClockOnAPartOfADay(t *testing.T) {
	t.Parallel()
	_, cal, sent, day := sentTuesday(t)
	tests := []dueCase{
		{"Please send the ATP tomorrow morning at 9.", day(4, 9, 0)},
		{"Can you send the signed ATP first thing tomorrow at 8:30?", day(4, 8, 30)},
		{"Necesito las fotos mañana por la mañana a las 9.", day(4, 9, 0)},
		{"Please have the moisture map to me tomorrow afternoon at 2.", day(4, 14, 0)},
		{"Please send the COS by Friday morning at 10.", day(6, 10, 0)},
		{"Envíen el certificado mañana temprano a las 8.", day(4, 8, 0)},
		// kept: a part of a day alone, and a time before it
		{"Please send the photos tomorrow morning.", day(4, 12, 0)},
		{"Please send the photos by 9am tomorrow morning.", day(4, 9, 0)},
		{"Mañana por la mañana a las 9 necesito las fotos.", day(4, 9, 0)},
	}
	checkDues(t, cal, sent, tests)
}

// When a mail gives several times, the first one asked for wins, with
// its day; a time of day that nobody asks anything by ("the crew is on
// site until 4") is no deadline at all; a time alone after "by" or in a
// clause that asks is still today's.
func TestDueTimeSeveralDeadlines(t *testing.T) {
	t.Parallel()
	_, cal, sent, day := sentTuesday(t)
	tests := []dueCase{
		{"The crew is on site until 4. Please send the COS by Monday at 3pm.", day(9, 15, 0)},
		{"Please send the COS by Monday at 3pm; the crew stays until 4.", day(9, 15, 0)},
		{"Our tech is at the house until 5pm, please send the ATP by Thursday at noon.", day(5, 12, 0)},
		{"The homeowner is home until 4. Please send the photos by Friday.", day(6, 18, 0)},
		{"Estamos en la casa a las 4. Necesito el ATP el lunes a las 3.", day(9, 15, 0)},
		{"The crew is on site until 4, please send the photos.", time.Time{}},
		{"El ajustador llega a las 3. Por favor envíen las fotos.", time.Time{}},
		// kept: a time alone in a sentence that asks
		{"Please send the invoice by 3pm.", day(3, 15, 0)},
		{"Please send the photos and the COS by 3pm.", day(3, 15, 0)},
		{"Please send the invoice by 3pm. The tech comes back tomorrow.", day(3, 15, 0)},
		{"Please send the invoice by 3pm, and I need the photos tomorrow.", day(3, 15, 0)},
		{"Please send the COS. By 3pm if you can.", day(3, 15, 0)},
		{"Need the ATP by Thursday, at 3pm.", day(5, 15, 0)},
		{"By 3pm today, please send the photos.", day(3, 15, 0)},
		{"Please keep the dehus running until 8am.", day(4, 8, 0)},
		{"Antes de las 3, por favor envíen las fotos.", day(3, 15, 0)},
		{"Please send the photos within 2 hours; the crew leaves at 4.", day(3, 12, 0)},
	}
	checkDues(t, cal, sent, tests)
}

// Of several times, the first asked by wins, with the day beside it; a
// word of the past, a day named elsewhere or a later time with its day do
// not take it away.
func TestDueTimeFirstAskedTime(t *testing.T) {
	t.Parallel()
	chicago, cal, sent, day := sentTuesday(t)
	tests := []dueCase{
		{"Please send the photos from yesterday by 3pm.", day(3, 15, 0)},
		{"Please send yesterday's moisture readings by 3pm.", day(3, 15, 0)},
		{"Por favor envíen las lecturas de ayer antes de las 3.", day(3, 15, 0)},
		{"Please send yesterday's photos by Friday at 3pm.", day(6, 15, 0)},
		{"Please send the ATP by 3pm, the crew is on site until Friday.", day(3, 15, 0)},
		{"Please send the ATP by 3pm. Next Monday we start demo.", day(3, 15, 0)},
		{"Please send the ATP by 2pm. I have an inspection on Thursday.", day(3, 14, 0)},
		{"Please send the ATP by 3pm. Could you also confirm the crew for tomorrow?", day(3, 15, 0)},
		{"Las fotos para mañana a las 10, por favor.", day(4, 10, 0)},
		{"El ATP para el viernes a las 3, gracias.", day(6, 15, 0)},
		{"Favor de enviar el COS. Lo ocupo hoy a las 4.", day(3, 16, 0)},
		{"Please send the ATP by noon; the tech arrives tomorrow at 9.", day(3, 12, 0)},
		{"Please send the photos by 3pm today and the signed COS by Friday at noon.", day(3, 15, 0)},
		{"Please have 2 dehus there by 9 set up in the basement.", day(4, 9, 0)},
		// a time in a clause that asks nothing gives way to a day asked for
		{"The tech will be there by 9. Please send the COS by Friday.", day(6, 18, 0)},
		{"We need the moisture map by Thursday, I get back to the office by 2.", day(5, 18, 0)},
		{"I'm headed to the loss by 10.\nCould you email me the ESX by Wed?", day(4, 18, 0)},
		{"Before 10 I'm on site; please send the COS by 3pm Friday.", day(6, 15, 0)},
		{"Please send the COS. By 3pm if you can.", day(3, 15, 0)},
		// "a las" in a clause that asks nothing tells when something happens
		{"Por favor envíen las fotos para el viernes, la señora sale a las 5.", day(6, 18, 0)},
		{"Por favor manden al técnico, la señora llega a las 3.", time.Time{}},
		{"Tengo una revisión el miércoles a las 10, por favor manden las fotos.", day(3, 18, 0)},
		// a month's date past beside a time is when something happened
		{"Please send the report from the inspection on October 20 by 5pm.", day(3, 17, 0)},
		{"Please send the estimate by 5pm Dec 14.", time.Date(2026, 12, 14, 17, 0, 0, 0, chicago)},
	}
	checkDues(t, cal, sent, tests)
}

// A time of day in a sentence that tells of the past ("ayer llegamos a las
// 3", "the tech left at 3 yesterday") is no deadline.
func TestDueTimeClockInThePast(t *testing.T) {
	t.Parallel()
	_, cal, sent, day := sentTuesday(t)
	tests := []dueCase{
		{"Ayer llegamos a las 3. Por favor envíen las fotos.", time.Time{}},
		{"Ayer llegamos a las 3, por favor envíen las fotos.", time.Time{}},
		{"Por favor envíen las fotos; anoche el técnico salió a las 9.", time.Time{}},
		{"The tech left at 3 yesterday, please send the moisture map.", time.Time{}},
		{"We finished by 4 yesterday, please send the COS.", time.Time{}},
		{"Please send the photos by Friday; the tech left yesterday at 3.", day(6, 18, 0)},
		// kept: a time given as a deadline beside words of the past
		{"Ayer llegamos tarde. Por favor envíen las fotos hoy a las 3.", day(3, 15, 0)},
		{"The tech came yesterday; please send the photos by 3pm.", day(3, 15, 0)},
	}
	checkDues(t, cal, sent, tests)
}

// A date with the name of its month is a deadline after the words that
// make it one, in English month first or day first ("by December 9th",
// "by the 9th of December") and in Spanish ("para el 9 de diciembre"); a
// date up to two weeks past is due at once, as a numeric one is.
func TestDueTimeMonthNames(t *testing.T) {
	t.Parallel()
	chicago, cal, sent, _ := sentTuesday(t)
	close := func(y int, mo time.Month, d int) time.Time { return time.Date(y, mo, d, 18, 0, 0, 0, chicago) }
	tests := []dueCase{
		{"Necesito las fotos para el 9 de diciembre.", close(2026, time.December, 9)},
		{"Please send the estimate by 5pm on December 9.", time.Date(2026, 12, 9, 17, 0, 0, 0, chicago)},
		{"Please send the estimate on December 9th by 3pm.", time.Date(2026, 12, 9, 15, 0, 0, 0, chicago)},
		{"Necesito el ATP el 9 de diciembre a las 3.", time.Date(2026, 12, 9, 15, 0, 0, 0, chicago)},
		{"Envíen el COS el viernes 6 de noviembre a las 2.", time.Date(2026, 11, 6, 14, 0, 0, 0, chicago)},
		{"Please send the photos by Wed., Dec. 9", close(2026, time.December, 9)},
		{"Por favor envíen el certificado antes del 5 de enero.", close(2027, time.January, 5)},
		{"Favor de mandar la factura a más tardar el 12 de diciembre.", close(2026, time.December, 14)}, // a Saturday
		{"Envíen el ATP para el miércoles 11 de noviembre a las 2.", time.Date(2026, 11, 11, 14, 0, 0, 0, chicago)},
		{"Necesito el presupuesto para el 20 de dic.", close(2026, time.December, 20+1)}, // a Sunday
		{"Please send the estimate by December 9th.", close(2026, time.December, 9)},
		{"Please send the estimate by the 9th of December.", close(2026, time.December, 9)},
		{"Please send the estimate by 9 December at 10am.", time.Date(2026, 12, 9, 10, 0, 0, 0, chicago)},
		{"Please send the estimate no later than Wednesday, December 9, 2026.", close(2026, time.December, 9)},
		{"Please send the estimate by December 9, 2026 at 2pm.", time.Date(2026, 12, 9, 14, 0, 0, 0, chicago)},
		{"Envíen las fotos antes del 9 de diciembre de 2026 a las 11.", time.Date(2026, 12, 9, 11, 0, 0, 0, chicago)},
		// past: due at once within two weeks, else next year's
		{"Necesitaba las fotos para el 30 de octubre, por favor envíenlas.", close(2026, time.November, 3)},
		{"Necesito las fotos para el 1 de octubre.", close(2027, time.October, 1)},
		// kept: a date told of, not asked by
		{"Llegamos el 9 de diciembre.", time.Time{}},
		{"Please send the photos, we start on December 9th.", time.Time{}},
		{"Necesito las fotos para el 31 de noviembre.", time.Time{}},
		{"Please send the photos; anything before 3 may work for the adjuster.", time.Date(2026, 11, 3, 15, 0, 0, 0, chicago)},
		{"Please send the COS by the 5th of May.", close(2027, time.May, 5)},
	}
	checkDues(t, cal, sent, tests)
}

// dueCase is a mail's text and the due time read from it; zero for none.
type dueCase struct {
	text string
	want time.Time
}

// checkDues checks each case as checkDue does.
func checkDues(t *testing.T, cal *sla.Calendar, sent time.Time, cases []dueCase) {
	t.Helper()
	for _, c := range cases {
		checkDue(t, cal, sent, c.text, c.want)
	}
}

// sentTuesday is the Chicago office (chicagoOffice) and mail sent to it on
// Tuesday, November 3 2026 at 10:00; day is a time of day on a day of that
// November.
func sentTuesday(t *testing.T) (chicago *time.Location, cal *sla.Calendar, sent time.Time, day func(d, h, m int) time.Time) {
	chicago, cal = chicagoOffice(t)
	day = func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, chicago) }
	return chicago, cal, day(3, 10, 0), day
}
