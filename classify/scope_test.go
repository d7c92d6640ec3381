package classify

import "testing"

func TestWaterCategory(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text       string
		cat, class int
	}{
		{"24 HR SCOPE - CAT 2 / Class 3", 2, 3},
		{"Water: Category 3, Class 2. Affected: kitchen", 3, 2},
		{"Cat. 1 water, class of 4 drying", 1, 4},
		{"Water Category: II\nClass: IV", 2, 4},
		{"Categoría 3, clase 2", 3, 2},
		{"CAT 2 only", 2, 0},
		{"classic 3 bedroom, category 9, class 7", 0, 0},
		{"scope notes without either", 0, 0},
	} {
		cat, class := WaterCategory(tc.text)
		if cat != tc.cat || class != tc.class {
			t.Errorf("WaterCategory(%q) = %d, %d; want %d, %d", tc.text, cat, class, tc.cat, tc.class)
		}
	}
}

func FuzzWaterCategory(f *testing.F) {
	f.Add("CAT 2 / Class 3")
	f.Fuzz(func(t *testing.T, s string) {
		cat, class := WaterCategory(s)
		if cat < 0 || cat > 3 || class < 0 || class > 4 {
			t.Errorf("WaterCategory(%q) = %d, %d: out of range", s, cat, class)
		}
	})
}
