package main

import (
	"context"
	"log/slog"
)

// jobQueueLogger is log for the job queue's own messages: its routine
// news (job counts every minute, leadership, maintenance runs) at Info
// would drown the office's, so each of its levels below Warn is logged a
// level lower, shown with CLAIMDESK_LOG_LEVEL=debug.
func jobQueueLogger(log *slog.Logger) *slog.Logger {
	return slog.New(demoted{log.Handler()})
}

// demoted logs Info as Debug; Warn and Error stay as they are.
type demoted struct{ slog.Handler }

func demote(l slog.Level) slog.Level {
	if l < slog.LevelWarn {
		return l - 4 // slog's levels are 4 apart
	}
	return l
}

func (h demoted) Enabled(ctx context.Context, l slog.Level) bool {
	return h.Handler.Enabled(ctx, demote(l))
}

func (h demoted) Handle(ctx context.Context, r slog.Record) error {
	r.Level = demote(r.Level)
	return h.Handler.Handle(ctx, r)
}

func (h demoted) WithAttrs(attrs []slog.Attr) slog.Handler {
	return demoted{h.Handler.WithAttrs(attrs)}
}

func (h demoted) WithGroup(name string) slog.Handler {
	return demoted{h.Handler.WithGroup(name)}
}
