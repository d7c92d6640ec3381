package web

import (
	"strings"
	"testing"
)

// TestMilestoneLabelsNameWhatIsDue: a milestone's label names what the job
// owes, as a coordinator says it; what to do when it is late is the
// alert's to say, not the label's.
func TestMilestoneLabelsNameWhatIsDue(t *testing.T) {
	t.Parallel()
	for name, label := range milestoneLabels {
		lower := strings.ToLower(label)
		if strings.Contains(lower, "(") || strings.Contains(lower, "else") || strings.Contains(lower, "chase") {
			t.Errorf("%s: label %q tells what to do, not what is due", name, label)
		}
	}
}
