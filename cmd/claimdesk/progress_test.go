package main

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/ingest"
	"github.com/claimdesk/claimdesk/internal/testenv"
)

// TestProgressBarLogLines draws the backfill's bar on a fake terminal while
// workers log, and reads the screen as a terminal shows it: every log line
// on a line of its own, never inside the bar, and the closing count after
// the bars.
func TestProgressBarLogLines(t *testing.T) {
	t.Parallel()
	var tty testenv.Buffer // stdout and stderr on one terminal
	r := newProgressReporter(&tty, &tty, true)
	log := slog.New(slog.NewTextHandler(r.logWriter(), nil))

	const total, logged = 200, 40
	start := time.Now()
	r.update(ingest.Progress{Folder: "INBOX", Total: total, Started: start})
	var wg sync.WaitGroup
	wg.Go(func() { // a worker logging while the import goes on
		for i := range logged {
			log.Info("filed message", "message_id", i)
		}
	})
	for done := 1; done <= total; done++ {
		r.update(ingest.Progress{Folder: "INBOX", Done: done, Total: total, Started: start})
		if done%20 == 0 {
			log.Info("stored message", "uid", done)
		}
	}
	wg.Wait()
	r.finish()
	r.update(ingest.Progress{Folder: "Sent", Started: start}) // nothing new in Sent
	r.finish()
	log.Info("workers stopped")
	fmt.Fprintf(&tty, "imported %d new messages; processing them\n", total)

	screen := terminalScreen(tty.String())
	logs, bars := 0, 0
	for _, l := range screen {
		isLog := strings.Contains(l, "level=INFO")
		isBar := strings.ContainsAny(l, "█|")
		switch {
		case isLog && isBar:
			t.Errorf("a log line inside the bar: %q", l)
		case isLog && !strings.HasPrefix(l, "time="):
			t.Errorf("a log line not at the start of its line: %q", l)
		case isLog:
			logs++
		case isBar:
			bars++
			if !strings.HasPrefix(l, "INBOX") {
				t.Errorf("bar line %q does not start with its folder", l)
			}
		}
	}
	if want := logged + total/20 + 1; logs != want {
		t.Errorf("%d log lines on the screen, want %d:\n%s", logs, want, strings.Join(screen, "\n"))
	}
	// The bars the log lines pushed down were cleared: one filled bar stays.
	if bars != 1 || !strings.Contains(strings.Join(screen, "\n"), fmt.Sprintf("(%d/%d,", total, total)) {
		t.Errorf("%d bar lines, want the one filled bar:\n%s", bars, strings.Join(screen, "\n"))
	}
	if !slicesContain(screen, "Sent 0/0 msgs") {
		t.Errorf("no line for the empty Sent folder:\n%s", strings.Join(screen, "\n"))
	}
	if last := screen[len(screen)-1]; last != fmt.Sprintf("imported %d new messages; processing them", total) {
		t.Errorf("last line %q", last)
	}
}

func slicesContain(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// terminalScreen replays out as a terminal shows it: "\r" returns to the
// start of the line, "\n" starts a new one, ESC [ K and ESC [ 2 K erase, and
// other characters overwrite what is under the cursor. It returns the
// lines, trailing blanks trimmed, without a last empty line.
func terminalScreen(out string) []string {
	var lines []string
	var cur []rune
	col := 0
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, strings.TrimRight(string(cur), " "))
			cur, col = nil, 0
		case '\033':
			j := i + 1
			for j < len(rs) && !(rs[j] >= '@' && rs[j] <= '~' && rs[j] != '[') {
				j++
			}
			if j < len(rs) && rs[j] == 'K' {
				if string(rs[i+1:j]) == "[2" {
					cur = cur[:0]
				} else {
					cur = cur[:min(col, len(cur))]
				}
			}
			i = j
		default:
			if col < len(cur) {
				cur[col] = c
			} else {
				cur = append(cur, c)
			}
			col++
		}
	}
	if rest := strings.TrimRight(string(cur), " "); rest != "" {
		lines = append(lines, rest)
	}
	return lines
}
