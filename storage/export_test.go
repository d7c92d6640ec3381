package storage

import "github.com/jackc/pgx/v5/pgxpool"

// PoolOf is db's own pool, for storage's tests: their fixtures and checks
// in SQL, and what the pool itself is set to.
func PoolOf(db *DB) *pgxpool.Pool { return db.pool }
