package ingest

import (
	"slices"
	"testing"
)

// TestOCRJobsGoInByContent: a message's OCR jobs are one per content, in
// the order of their contents, so two runs queueing the same pictures take
// their unique keys in one order and never wait on each other.
func TestOCRJobsGoInByContent(t *testing.T) {
	files := []OCRFile{
		{SHA256: "bb", Filename: "IMG_2.jpg"},
		{SHA256: "aa", Filename: "IMG_1.jpg"},
		{SHA256: "bb", Filename: "copy of IMG_2.jpg"},
		{SHA256: "cc", Filename: "IMG_3.jpg"},
	}
	params := ocrJobsOf(7, files)
	var got []string
	for _, p := range params {
		args := p.Args.(OCRArgs)
		if args.MessageID != 7 {
			t.Errorf("job of message %d, want 7", args.MessageID)
		}
		got = append(got, args.SHA256)
	}
	if want := []string{"aa", "bb", "cc"}; !slices.Equal(got, want) {
		t.Fatalf("jobs for %v, want %v", got, want)
	}
}
