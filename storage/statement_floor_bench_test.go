package storage_test

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/storage"
)

// BenchmarkStatementFloor is the least a statement and a transaction cost
// Postgres: transactions of 1 and of 32 trivial statements sent in one
// round trip, as the pipeline sends its batches, each prepared once. It
// reports the CPU time of the connection's server process per transaction
// (cpu-us/tx) and per statement beyond the first (cpu-us/stmt), which
// other load on the machine changes least: what a processed message's 32
// statements would cost if they did nothing.
func BenchmarkStatementFloor(b *testing.B) {
	ctx := b.Context()
	pool := storage.PoolOf(openOneConnDB(b))
	var backend int
	if err := pool.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		b.Fatal(err)
	}
	perTx := map[int]float64{}
	for _, n := range []int{1, 32} {
		b.Run(fmt.Sprintf("%d-statements", n), func(b *testing.B) {
			cpu0, known := processCPU(backend)
			txs := 0
			for b.Loop() {
				txs++
				err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
					batch := &pgx.Batch{}
					for i := range n {
						batch.Queue(`SELECT $1::int + 1`, i)
					}
					return tx.SendBatch(ctx, batch).Close()
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			cpu1, ok := processCPU(backend)
			if !ok || !known {
				b.Skip("this machine does not tell a process' CPU time")
			}
			perTx[n] = float64(cpu1-cpu0) / 1000 / float64(txs)
			b.ReportMetric(perTx[n], "cpu-us/tx")
			if n > 1 {
				b.ReportMetric((perTx[n]-perTx[1])/float64(n-1), "cpu-us/stmt")
			}
		})
	}
}
