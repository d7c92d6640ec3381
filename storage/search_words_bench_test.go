package storage_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/claimdesk/claimdesk/storage"
)

// labMessages is how many messages the search words benchmark stores, and
// updates in each of its rounds.
const labMessages = 2000

// labBodies are bodies of about 350 characters as an office's mail has
// them, by kind: plain ASCII; ASCII words with curly quotes and
// non-breaking spaces between them, as mail programs write; and words with
// accents, in English mail naming people and in Spanish and Vietnamese mail.
// %d is a reading, which changes the text from one round to the next.
var labBodies = map[string][]string{
	"ascii": {
		"Hi Pat, moisture readings in the kitchen are down to %d percent today. The dehumidifier stays through Friday " +
			"and the air movers come out tomorrow. Baseboards were removed along the north wall and the drywall is dry " +
			"to the touch. Please approve the revised estimate for job 26-1042-W before Monday morning. Thanks, Mike Daniels, Project Manager",
		"Good morning, attached are the photos from today's visit. Readings in the hallway closet are at %d percent, " +
			"still above the dry standard, so we are leaving two air movers and one dehumidifier in place. The homeowner " +
			"asked about the rebuild schedule; I told her we would call once the adjuster signs off. Regards, Ann Smith, Estimator",
	},
	"quotes": {
		"Hi Pat, we\u2019ll pick up the dehumidifier Friday; the homeowner said it\u2019s \u201cfine\u201d to leave the air " +
			"movers until then. Readings in the kitchen are down to %d percent.\u00a0Let\u2019s schedule the rebuild walk-through next week " +
			"and I\u2019ll send the updated scope and the \u201cbefore\u201d photos. Call me at 555\u20110144 if that doesn\u2019t " +
			"work.\u00a0Thanks, Mike Daniels, Project Manager",
		"Good morning \u2014 the adjuster\u2019s note says \u201cno mold found,\u201d but the lab report isn\u2019t back yet. " +
			"Readings in the hallway closet are at %d percent. We\u2019ll keep two air movers running and check again " +
			"Monday.\u00a0Please don\u2019t close the claim until we\u2019ve sent the final drying log and the " +
			"homeowner\u2019s signed COS for the file. Regards, Ann Smith, Estimator",
	},
	"accents": {
		"Hi Pat, I spoke with Tomás Peña this morning; Mrs. Peña says the ceiling stain in the upstairs baño came back again. " +
			"Readings there are at %d percent. José Muñoz from our crew will stop by Thursday with the moisture meter, " +
			"and Nguyễn Văn Thành will bring the dehumidifier. Please add them to the claim notes. Thanks, Mike Daniels, PM",
		"Hola Tomás, la señora Peña llamó sobre la reparación del baño. La humedad está en %d por ciento y el " +
			"deshumidificador se queda hasta el viernes. Mañana pasará José Muñoz para revisar las paredes y tomar " +
			"fotografías del daño en el techo. Por favor envíe la estimación revisada antes del lunes. Gracias, María Álvarez, " +
			"Coordinación",
		"Chào anh, chị Trần Thị Nguyễn gọi về trần nhà bị dột ở phòng khách. Độ ẩm hôm nay là %d phần trăm. " +
			"Thứ năm đội của chúng tôi sẽ đến kiểm tra và mang máy hút ẩm. Xin vui lòng gửi bảng ước tính mới " +
			"cho hồ sơ. Chúng tôi cũng cần chữ ký của chủ nhà trên giấy ủy quyền trước khi bắt đầu sửa chữa phòng tắm. " +
			"Cảm ơn, Lê Minh Hoàng, điều phối viên",
	},
}

// labBody is the body of the lab's message i in round: half of the mail
// plain, a quarter with curly quotes, a quarter with accents.
func labBody(kind string, i, round int) string {
	if kind == "lab" {
		kind = [...]string{"ascii", "ascii", "quotes", "accents"}[i%4]
		i /= 4
	}
	bodies := labBodies[kind]
	return fmt.Sprintf(bodies[i%len(bodies)], 10+(i+round)%30)
}

// BenchmarkMessageSearchWords writes new bodies into 2000 stored messages,
// one UPDATE each, as parsing a message does: what the row trigger that
// makes a message's search words costs a message. Each round updates every
// message; the lab is half plain mail, a quarter with curly quotes, a
// quarter with accents, and each kind also runs alone. Besides the time of
// an update (us/update), it reports the time inside the trigger function
// (trigger-us/update, when Postgres counts functions' time) and the CPU
// time of the connection's server process (cpu-us/update, when it runs on
// this machine), which other load on the machine changes least.
func BenchmarkMessageSearchWords(b *testing.B) {
	ctx := b.Context()
	db := openOneConnDB(b)
	mb, err := db.EnsureMailbox(ctx, "office@example.com", "INBOX", storage.RoleInbox)
	if err != nil {
		b.Fatal(err)
	}
	pool := storage.PoolOf(db)
	var ids []int64
	rows, err := pool.Query(ctx, `
		INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, from_address, from_name,
		                      subject, status, office_id)
		SELECT $1, 1, i, 'in', encode(sha256(i::text::bytea), 'hex'), 4000, 'tech' || (i % 40) || '@example.com',
		       'Tech ' || (i % 40), 'Re: 26-' || (1000 + i % 400) || '-WTR daily update', 'new', 1
		FROM generate_series(1, $2::int) i
		RETURNING id`, mb.ID, labMessages)
	if err == nil {
		for rows.Next() {
			var id int64
			if err = rows.Scan(&id); err != nil {
				break
			}
			ids = append(ids, id)
		}
		rows.Close()
		err = rows.Err()
	}
	if err != nil {
		b.Fatal(err)
	}
	var backend int
	if err := pool.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		b.Fatal(err)
	}
	round := 0
	for _, kind := range []string{"lab", "ascii", "quotes", "accents"} {
		b.Run(kind, func(b *testing.B) {
			calls0, trigger0, counted := triggerTime(b, pool)
			cpu0, cpuKnown := processCPU(backend)
			updates := 0
			for b.Loop() {
				round++
				for i, id := range ids {
					if _, err := pool.Exec(ctx, `UPDATE messages SET body_text = $2 WHERE id = $1`, id, labBody(kind, i, round)); err != nil {
						b.Fatal(err)
					}
				}
				updates += len(ids)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(updates), "us/update")
			if cpu1, ok := processCPU(backend); ok && cpuKnown {
				b.ReportMetric(float64(cpu1-cpu0)/1000/float64(updates), "cpu-us/update")
			}
			if calls1, trigger1, ok := triggerTime(b, pool); ok && counted {
				if calls1-calls0 != int64(updates) {
					b.Fatalf("the search words trigger ran %d times for %d updates", calls1-calls0, updates)
				}
				b.ReportMetric((trigger1-trigger0)*1000/float64(updates), "trigger-us/update")
			}
		})
	}
}

// triggerTime returns how often the message search words trigger has run
// and the milliseconds it took, as far as Postgres counts functions' time
// (track_functions), and whether it does. pool has one connection: the
// statistics it has not yet reported are reported first.
func triggerTime(b *testing.B, pool *pgxpool.Pool) (calls int64, ms float64, counted bool) {
	b.Helper()
	ctx := b.Context()
	if _, err := pool.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
		b.Fatal(err)
	}
	err := pool.QueryRow(ctx, `SELECT current_setting('track_functions') <> 'none', coalesce(sum(calls), 0)::bigint,
		       coalesce(sum(total_time), 0)
		FROM pg_stat_user_functions WHERE funcname = 'claimdesk_message_search_vector'`).Scan(&counted, &calls, &ms)
	if err != nil {
		b.Fatal(err)
	}
	return calls, ms, counted
}

// processCPU returns the CPU time process pid has run, in nanoseconds,
// and whether this machine tells it.
func processCPU(pid int) (int64, bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/schedstat")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(stat))
	if len(f) == 0 {
		return 0, false
	}
	ns, err := strconv.ParseInt(f[0], 10, 64)
	return ns, err == nil
}
