package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// connect opens a connection of its own to the pool's database, outside the
// pool: for a session that keeps something (a LISTEN, an advisory lock)
// longer than a query, which a pooled connection would hand on to whoever
// borrows it next, and which would keep a pooled one from the others.
func (db *DB) connect(ctx context.Context) (*pgx.Conn, error) {
	return pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
}

// closeConn closes a connection of its own, within a few seconds even once
// the caller's context has ended.
func closeConn(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = conn.Close(ctx)
}

// Listen calls fn once it listens on channel, then with the payload of each
// notification on it, until the connection fails or ctx ends, and says why
// it stopped. The first call, with an empty payload, stands for what
// changed before: notifications sent while nobody listened are lost, so
// that is when a caller catches up. It listens
// on a connection of its own (LISTEN holds its session for as long as it
// listens); callers reconnect on their own schedule by calling it again.
// fn runs on Listen's goroutine, between notifications.
func (db *DB) Listen(ctx context.Context, channel string, fn func(payload string)) error {
	conn, err := db.connect(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer closeConn(conn)
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fn("")
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		fn(n.Payload)
	}
}
