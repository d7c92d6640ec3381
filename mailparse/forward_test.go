package mailparse

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestUnwrapForwards(t *testing.T) {
	cst := time.FixedZone("CST", -6*3600)
	tests := []struct {
		name string
		text string
		want []Forward
	}{
		{
			name: "none",
			text: "Please call me about the estimate.\nThanks",
		},
		{
			name: "gmail",
			text: "FYI\n\n---------- Forwarded message ---------\nFrom: Brian Ortiz <bortiz@usaa.example>\nDate: Wed, Nov 4, 2026 at 5:17 AM\nSubject: Supplement request\nTo: Paula Grant <pgrant@smrestore.example>\n\n\nPlease submit the supplement.\n\nBrian\n",
			want: []Forward{{Kind: ForwardGmail, From: Address{"Brian Ortiz", "bortiz@usaa.example"},
				Date: time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC), DateText: "Wed, Nov 4, 2026 at 5:17 AM",
				Subject: "Supplement request", To: []Address{{"Paula Grant", "pgrant@smrestore.example"}},
				Body: "Please submit the supplement.\n\nBrian"}},
		},
		{
			name: "outlook original message with wrapped recipients",
			text: "See below\r\n\r\n-----Original Message-----\r\nFrom: Ortiz, Brian [mailto:bortiz@usaa.example]\r\nSent: Wednesday, November 4, 2026 5:17 AM\r\nTo: Grant, Paula <pgrant@smrestore.example>; Villa, Hector\r\n<hvilla@smrestore.example>\r\nSubject: RE: Supplement\r\n\r\nApproved.\r\n",
			want: []Forward{{Kind: ForwardOutlook, From: Address{"Ortiz, Brian", "bortiz@usaa.example"},
				Date: time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC), DateText: "Wednesday, November 4, 2026 5:17 AM",
				Subject: "RE: Supplement",
				To:      []Address{{"Grant, Paula", "pgrant@smrestore.example"}, {"Villa, Hector", "hvilla@smrestore.example"}},
				Body:    "Approved."}},
		},
		{
			name: "outlook header block under an underscore line",
			text: "Thanks!\n\n________________________________\nFrom: Ana Ortiz <aortiz@statefarm.example>\nSent: Monday, November 2, 2026 7:45:10 AM\nTo: claims@smrestore.example\nSubject: Claim 60-8H77-8H5\n\nPlease send the ATP.\n",
			want: []Forward{{Kind: ForwardOutlook, From: Address{"Ana Ortiz", "aortiz@statefarm.example"},
				Date: time.Date(2026, 11, 2, 7, 45, 10, 0, time.UTC), DateText: "Monday, November 2, 2026 7:45:10 AM",
				Subject: "Claim 60-8H77-8H5", To: []Address{{"", "claims@smrestore.example"}},
				Body: "Please send the ATP."}},
		},
		{
			name: "outlook in spanish",
			text: "-----Mensaje original-----\nDe: Sofía O'Brien <sobrien@libertymutual.example>\nEnviado el: lunes, 2 de noviembre de 2026 7:45\nPara: claims@smrestore.example\nAsunto: Reclamo LA685-957489-06\n\nAdjunto el informe.\n",
			want: []Forward{{Kind: ForwardOutlook, From: Address{"Sofía O'Brien", "sobrien@libertymutual.example"},
				DateText: "lunes, 2 de noviembre de 2026 7:45", Subject: "Reclamo LA685-957489-06",
				To: []Address{{"", "claims@smrestore.example"}}, Body: "Adjunto el informe."}},
		},
		{
			name: "apple",
			text: "Sent from my iPhone\n\nBegin forwarded message:\n\nFrom: Maria Lopez <maria.lopez@gmail.example>\nSubject: Kitchen leak\nDate: November 3, 2026 at 7:58:12 AM CST\nTo: Hector Villa <hvilla@smrestore.example>\n\n\uFEFFThe floor is still soft.\n",
			want: []Forward{{Kind: ForwardApple, From: Address{"Maria Lopez", "maria.lopez@gmail.example"},
				Date: time.Date(2026, 11, 3, 7, 58, 12, 0, cst), DateText: "November 3, 2026 at 7:58:12 AM CST",
				Subject: "Kitchen leak", To: []Address{{"Hector Villa", "hvilla@smrestore.example"}},
				Body: "The floor is still soft."}},
		},
		{
			name: "gmail reply wrapped attribution",
			text: "Approved.\n\nOn Wed, Nov 4, 2026 at 4:05 PM Claims Desk <claims@smrestore.example>\nwrote:\n\n> Attached is the estimate.\n>\n> Alexis\n",
			want: []Forward{{Kind: ForwardReply, From: Address{"Claims Desk", "claims@smrestore.example"},
				Date: time.Date(2026, 11, 4, 16, 5, 0, 0, time.UTC), DateText: "Wed, Nov 4, 2026 at 4:05 PM",
				Body: "Attached is the estimate.\n\nAlexis"}},
		},
		{
			name: "apple reply",
			text: "Yes.\n\n> On Nov 4, 2026, at 16:05, Alexis Moreno <claims@smrestore.example> wrote:\n> \n> > Is Thursday OK?\n",
			want: []Forward{{Kind: ForwardReply, From: Address{"Alexis Moreno", "claims@smrestore.example"},
				Date: time.Date(2026, 11, 4, 16, 5, 0, 0, time.UTC), DateText: "Nov 4, 2026, at 16:05",
				Body: "Is Thursday OK?"}},
		},
		{
			name: "thunderbird reply without address",
			text: "On 11/4/26 4:05 PM, Alexis Moreno wrote:\n> Is Thursday OK?\n",
			want: []Forward{{Kind: ForwardReply, From: Address{Name: "Alexis Moreno"},
				Date: time.Date(2026, 11, 4, 16, 5, 0, 0, time.UTC), DateText: "11/4/26 4:05 PM",
				Body: "Is Thursday OK?"}},
		},
		{
			name: "spanish gmail reply",
			text: "Gracias\n\nEl mié, 4 nov 2026 a las 16:05, Alexis Moreno (<claims@smrestore.example>) escribió:\n> Adjunto el certificado.\n",
			want: []Forward{{Kind: ForwardReply, From: Address{"Alexis Moreno", "claims@smrestore.example"},
				DateText: "mié, 4 nov 2026 a las 16:05", Body: "Adjunto el certificado."}},
		},
		{
			name: "forward of a reply, outermost first",
			text: "FYI\n\n---------- Forwarded message ---------\nFrom: Brian Ortiz <bortiz@usaa.example>\nDate: Wed, Nov 4, 2026 at 5:17 AM\nSubject: Re: ATP\nTo: Paula Grant <pgrant@smrestore.example>\n\nSigned.\n\nOn Tue, Nov 3, 2026 at 9:00 AM Paula Grant <pgrant@smrestore.example> wrote:\n> Please sign the ATP.\n",
			want: []Forward{
				{Kind: ForwardGmail, From: Address{"Brian Ortiz", "bortiz@usaa.example"},
					Date: time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC), DateText: "Wed, Nov 4, 2026 at 5:17 AM",
					Subject: "Re: ATP", To: []Address{{"Paula Grant", "pgrant@smrestore.example"}}, Body: "Signed."},
				{Kind: ForwardReply, From: Address{"Paula Grant", "pgrant@smrestore.example"},
					Date: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), DateText: "Tue, Nov 3, 2026 at 9:00 AM",
					Body: "Please sign the ATP."},
			},
		},
		{
			name: "bold labels from converted HTML",
			text: "*From:* Brian Ortiz <bortiz@usaa.example>\n*Sent:* Wednesday, November 4, 2026 5:17 AM\n*To:* claims@smrestore.example\n*Subject:* Photos\n\nSee attached.\n",
			want: []Forward{{Kind: ForwardOutlook, From: Address{"Brian Ortiz", "bortiz@usaa.example"},
				Date: time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC), DateText: "Wednesday, November 4, 2026 5:17 AM",
				Subject: "Photos", To: []Address{{"", "claims@smrestore.example"}}, Body: "See attached."}},
		},
		{
			name: "a From: line in prose is not a forward",
			text: "From: the homeowner, we heard the pipe burst.\nSubject: to approval.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnwrapForwards(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d forwards %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Kind != w.Kind || g.From != w.From || g.Subject != w.Subject || g.DateText != w.DateText || g.Body != w.Body {
					t.Errorf("forward %d:\n got %s %+v subject %q date %q body %q\nwant %s %+v subject %q date %q body %q",
						i, g.Kind, g.From, g.Subject, g.DateText, g.Body, w.Kind, w.From, w.Subject, w.DateText, w.Body)
				}
				if !g.Date.Equal(w.Date) {
					t.Errorf("forward %d date = %v, want %v", i, g.Date, w.Date)
				}
				if len(g.To) != len(w.To) {
					t.Errorf("forward %d To = %+v, want %+v", i, g.To, w.To)
					continue
				}
				for k := range w.To {
					if g.To[k] != w.To[k] {
						t.Errorf("forward %d To = %+v, want %+v", i, g.To, w.To)
					}
				}
			}
		})
	}
}

func TestParseLooseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Wed, 04 Nov 2026 05:17:00 -0600", time.Date(2026, 11, 4, 11, 17, 0, 0, time.UTC)},
		{"Wed, Nov 4, 2026 at 5:17 AM", time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC)},
		{"Wed, Nov 4, 2026 at 5:17\u202fPM", time.Date(2026, 11, 4, 17, 17, 0, 0, time.UTC)},
		{"Wednesday, November 4, 2026 5:17 AM", time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC)},
		{"November 4, 2026 at 5:17:00 AM CST", time.Date(2026, 11, 4, 11, 17, 0, 0, time.UTC)},
		{"Nov 4, 2026, at 05:17", time.Date(2026, 11, 4, 5, 17, 0, 0, time.UTC)},
		{"11/4/2026 5:17 p.m.", time.Date(2026, 11, 4, 17, 17, 0, 0, time.UTC)},
		{"2026-11-04 05:17 +0100", time.Date(2026, 11, 4, 4, 17, 0, 0, time.UTC)},
		{"4 Nov 2026 08:00 EST", time.Date(2026, 11, 4, 13, 0, 0, 0, time.UTC)},
		{"Monday, November 2nd, 2026", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"sometime last week", time.Time{}},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		if got := fwdParseLooseDate(tt.in); !got.Equal(tt.want) {
			t.Errorf("fwdParseLooseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzUnwrapForwards(f *testing.F) {
	for _, name := range []string{"outlook-forward-plain.eml", "apple-forward.eml", "gmail-forward.eml", "reply-quote.eml", "outlook-forward-html.eml"} {
		msg := mimeFuzzSeedMessage(f, name)
		f.Add(msg.PlainText())
	}
	f.Add("On x wrote:\n> > > On y wrote:\n> > > > deep\n")
	f.Add("-----Original Message-----\nFrom:\nSent:\nSubject:\n")
	f.Add("Begin forwarded message:\n\n\n")
	f.Fuzz(func(t *testing.T, text string) {
		fwds := UnwrapForwards(text)
		if len(fwds) > fwdMaxForwards {
			t.Fatalf("%d forwards", len(fwds))
		}
		if !utf8.ValidString(text) {
			return
		}
		for _, fw := range fwds {
			if !utf8.ValidString(fw.Body) || !utf8.ValidString(fw.Subject) {
				t.Fatalf("invalid UTF-8 in %+v", fw)
			}
			if len(fw.Body) > len(text) {
				t.Fatalf("body longer than the text: %q", fw.Body)
			}
			if strings.Contains(fw.Body, "\r") && !strings.Contains(text, "\r") {
				t.Fatalf("body gained a CR")
			}
		}
	})
}
