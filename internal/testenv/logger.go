package testenv

import (
	"log/slog"
	"testing"
)

// Logger logs everything, debug included, through t.Log: the lines show
// with the test that wrote them, and only when it fails or runs with -v.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type logWriter struct{ t testing.TB }

func (w logWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
