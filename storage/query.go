package storage

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// querier runs a query: the pool, a transaction or a connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// queryAll runs a query on q and reads every row into a T with scan. The
// error is the query's or the read's as pgx gives it: callers add what they
// were reading.
func queryAll[T any](ctx context.Context, q querier, scan pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}
