package classify

import "testing"

// TestSameLoss tells a call about a loss the office has (the same house,
// or the same insured on the same street) from a neighbour's, a namesake's
// elsewhere, and another apartment of the building.
func TestSameLoss(t *testing.T) {
	t.Parallel()
	ruth := Loss{Insured: "Ruth Sandoval", Address: "812 Maple St, Plano, TX 75024"}
	for _, c := range []struct {
		name string
		a, b Loss
		want bool
	}{
		{"same insured and address", ruth, Loss{"Ruth Sandoval", "812 Maple St"}, true},
		{"name in capitals, with an accent, no address", ruth, Loss{"RUTH SANDÓVAL", ""}, true},
		{"last name first", ruth, Loss{"Sandoval, Ruth", ""}, true},
		{"a middle initial", Loss{"Ruth Ann Sandoval", ""}, Loss{"Ruth A. Sandoval", ""}, true},
		{"one of a couple", ruth, Loss{"Tom and Ruth Sandoval", ""}, true},
		{"street type spelled out, no name", ruth, Loss{"", "812 Maple Street"}, true},
		{"a spouse calls from the house", ruth, Loss{"Tom Sandoval", "812 N. Maple Street, Plano"}, true},
		{"the same name on the same street, number mistyped", ruth, Loss{"Ruth Sandoval", "821 Maple St"}, true},
		{"the same name and the street without its number", ruth, Loss{"Ruth Sandoval", "Maple Street"}, true},
		{"Avenue is Ave", Loss{"", "17 Saint Charles Avenue"}, Loss{"", "17 St. Charles Ave, Plano TX"}, true},
		{"an apartment left out", Loss{"Mia Okafor", "4410 Preston Hollow Blvd, Apt 1207, Dallas TX 75225"},
			Loss{"", "4410 Preston Hollow Boulevard, Dallas"}, true},
		{"an apartment written two ways", Loss{"", "4410 Preston Hollow Blvd Apartment 1207"},
			Loss{"", "4410 Preston Hollow Blvd #1207"}, true},
		{"the same insured in another apartment of the building", Loss{"Mia Okafor", "4410 Preston Hollow Blvd Apt 1207"},
			Loss{"Mia Okafor", "4410 Preston Hollow Blvd Apt 803"}, true},

		{"a neighbour", ruth, Loss{"Tom Baker", "814 Maple St"}, false},
		{"another person on the street", ruth, Loss{"Tom Baker", "Maple Street"}, false},
		{"another apartment of the building", Loss{"Mia Okafor", "4410 Preston Hollow Blvd Apt 1207"},
			Loss{"Dan Wu", "4410 Preston Hollow Blvd, Unit 803"}, false},
		{"the same number on another street", ruth, Loss{"", "812 Oak St"}, false},
		{"Avenue is not Street", ruth, Loss{"", "812 Maple Ave"}, false},
		{"the same house number and street in another town", ruth, Loss{"", "812 Maple St, Dallas, TX"}, false},
		{"another ZIP", ruth, Loss{"", "812 Maple St 75001"}, false},
		{"a namesake on another street", ruth, Loss{"Ruth Sandoval", "40 Oak Ln"}, false},
		{"a surname alone", ruth, Loss{"Sandoval", ""}, false},
		{"another of the family", ruth, Loss{"Tom Sandoval", ""}, false},
		{"two companies of one word", Loss{"Acme Roofing LLC", ""}, Loss{"Acme Plumbing LLC", ""}, false},
		{"nothing given", Loss{}, Loss{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := SameLoss(c.a, c.b); got != c.want {
				t.Errorf("SameLoss(%+v, %+v) = %v, want %v", c.a, c.b, got, c.want)
			}
			if got := SameLoss(c.b, c.a); got != c.want {
				t.Errorf("SameLoss(%+v, %+v) = %v, want %v (the other way)", c.b, c.a, got, c.want)
			}
		})
	}
}

// FuzzSameLoss reads any address and name without failing, and a loss is
// itself when it names a house or a person.
func FuzzSameLoss(f *testing.F) {
	f.Add("Ruth Sandoval", "812 Maple St, Apt #4, Plano, TX 75024")
	f.Add("", "#")
	f.Add("Peña, Luis", "4410 Preston Hollow Blvd Suite")
	f.Fuzz(func(t *testing.T, insured, address string) {
		l := Loss{insured, address}
		_ = SameLoss(l, Loss{"Ruth Sandoval", address})
		if len(parsePersons(insured)) > 0 && !SameLoss(l, l) {
			t.Errorf("%+v is not itself", l)
		}
	})
}
