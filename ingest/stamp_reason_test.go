package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/stamp"
)

// TestStampReasonsSayWhatToDo checks that every reason a PDF or a picture
// is left unstamped tells the coordinator reading it on the claim page
// what to do next, not only what went wrong.
func TestStampReasonsSayWhatToDo(t *testing.T) {
	t.Parallel()
	const limit = 2 << 20
	wrapped := func(err error) error { return fmt.Errorf("stamp: %w", err) }
	for _, tc := range []struct {
		name, reason, want string
	}{
		{"encrypted PDF", stampErrorSentence(wrapped(stamp.ErrEncrypted), limit), "Ask the sender for a copy without a password"},
		{"PDF beyond the limits", stampErrorSentence(wrapped(stamp.ErrTooLarge), limit), "Ask the sender for it in smaller parts"},
		{"damaged PDF", stampErrorSentence(wrapped(stamp.ErrMalformed), limit), "Ask the sender to send it again"},
		{"PDF too large", tooLargeSentence("PDF", 3<<20, limit), "Ask the sender for a smaller copy"},
		{"fax without its converter", pictureErrorSentence(wrapped(errNoFaxConverter), limit), "Ask the sender for it as a PDF"},
		{"picture format", pictureErrorSentence(wrapped(stamp.ErrPictureFormat), limit), "Ask the sender for it as a PDF or a JPEG"},
		{"picture beyond the limits", pictureErrorSentence(wrapped(stamp.ErrTooLarge), limit), "Ask the sender for a smaller picture"},
		{"damaged picture", pictureErrorSentence(wrapped(stamp.ErrBadPicture), limit), "Ask the sender to send it again"},
	} {
		if !strings.HasPrefix(tc.reason, "Not stamped: ") || !strings.Contains(tc.reason, tc.want) {
			t.Errorf("%s: %q, want it to say %q", tc.name, tc.reason, tc.want)
		}
	}
}
