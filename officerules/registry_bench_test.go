package officerules

import (
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/sla"
)

// BenchmarkRegistryFor is what processing a message pays to learn its
// office's calendar: a lookup in memory, shared by every worker, and no
// query.
func BenchmarkRegistryFor(b *testing.B) {
	def := sla.OfficeRules{Calendar: sla.NewCalendar(time.UTC, sla.DefaultHours())}
	r := New(nil, def, nil)
	r.offices = map[int64]sla.OfficeRules{}
	for id := int64(1); id <= 20; id++ {
		r.offices[id] = def
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var id int64
		for pb.Next() {
			id = id%20 + 1
			if r.For(id).Calendar == nil {
				b.Fatal("no calendar")
			}
		}
	})
}
