package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/stamp"
	"github.com/claimdesk/claimdesk/storage"
)

// TestStampReasonsSayWhatToDo checks that every reason a PDF or a picture
// is left unstamped tells the coordinator reading it on the claim page
// what to do next, not only what went wrong, and is of its kind: only
// what claimdesk could not do (a format, a program) is tried again.
func TestStampReasonsSayWhatToDo(t *testing.T) {
	t.Parallel()
	const limit = 2 << 20
	wrapped := func(err error) error { return fmt.Errorf("stamp: %w", err) }
	for _, tc := range []struct {
		name       string
		why        notStamped
		want, kind string
	}{
		{"encrypted PDF", pdfNotStamped(wrapped(stamp.ErrEncrypted), limit), "Ask the sender for a copy without a password", storage.StampEncrypted},
		{"PDF beyond the limits", pdfNotStamped(wrapped(stamp.ErrTooLarge), limit), "Ask the sender for it in smaller parts", storage.StampTooLarge},
		{"damaged PDF", pdfNotStamped(wrapped(stamp.ErrMalformed), limit), "Ask the sender to send it again", storage.StampDamaged},
		{"PDF too large", tooLarge("PDF", 3<<20, limit), "Ask the sender for a smaller copy", storage.StampTooLarge},
		{"fax without its converter", pictureNotStamped(wrapped(errNoFaxConverter), limit), "Ask the sender for it as a PDF", storage.StampNoProgram},
		{"picture format", pictureNotStamped(wrapped(stamp.ErrPictureFormat), limit), "Ask the sender for it as a PDF or a JPEG", storage.StampUnsupported},
		{"picture beyond the limits", pictureNotStamped(wrapped(stamp.ErrTooLarge), limit), "Ask the sender for a smaller picture", storage.StampTooLarge},
		{"damaged picture", pictureNotStamped(wrapped(stamp.ErrBadPicture), limit), "Ask the sender to send it again", storage.StampDamaged},
	} {
		if r := tc.why.sentence; !strings.HasPrefix(r, "Not stamped: ") || !strings.Contains(r, tc.want) || tc.why.kind != tc.kind {
			t.Errorf("%s: %q of kind %q, want it to say %q, of kind %q", tc.name, r, tc.why.kind, tc.want, tc.kind)
		}
	}
}
