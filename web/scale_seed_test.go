package web

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// scaleSizes is how big the office of the scale benchmark is.
type scaleSizes struct {
	Claims    int // of which Open are open, the newest
	Open      int
	Messages  int
	Documents int
	// Years is how far back the office's history goes.
	Years int
}

// seedScale fills db with an office's history, generated inside Postgres
// (INSERT ... SELECT generate_series): claims spread over the years before
// now, each with its messages, documents, updates and people. The newest
// claims are open; the last days' mail from people waits for an answer, and
// so does a scattering of older mail nobody answered.
//
// Triggers (notifications, foreign key checks) are off while it loads, as
// in a restore: a million rows would otherwise each queue a notification.
func seedScale(ctx context.Context, pool *pgxpool.Pool, n scaleSizes, now time.Time) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	span := time.Duration(n.Years) * 365 * 24 * time.Hour
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"triggers off", `SET session_replication_role = replica`, nil},
		{"mailboxes", `
			INSERT INTO mailboxes (account, folder, role, office_id) VALUES
			  ('claims@smrestore.example', 'INBOX', 'inbox', 1), ('claims@smrestore.example', 'Sent', 'sent', 1)
			ON CONFLICT DO NOTHING`, nil},
		// Claim i was created at now - span*(N-i)/N: ids grow with time.
		{"claims", `
			INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, carrier,
			                    policy_number, policy_number_norm, insured_name, loss_address, loss_type,
			                    adjuster_name, adjuster_email, date_of_loss, status, source,
			                    work_started_at, equipment_picked_up_at, completed_at, sampled_at,
			                    created_at, updated_at, closed_at, office_id)
			SELECT job, replace(job, '-', ''), cn, upper(regexp_replace(cn, '[^A-Za-z0-9]', '', 'g')), carrier,
			       pol, pol, insured, addr, loss, adj, lower(replace(adj, ' ', '.')) || '@' || lower(replace(carrier, ' ', '')) || '.example',
			       created::date - (i % 5), CASE WHEN i > $1 - $2 THEN 'open' ELSE 'closed' END,
			       CASE WHEN i % 3 = 0 THEN 'csv' ELSE 'assignment' END,
			       CASE WHEN i % 4 <> 0 THEN created + interval '5 hours' END,
			       CASE WHEN i % 4 = 1 THEN created + interval '6 days' END,
			       CASE WHEN i % 8 = 1 THEN created + interval '12 days' END,
			       CASE WHEN i % 6 = 2 THEN created + interval '2 days' END,
			       created, created, CASE WHEN i <= $1 - $2 THEN created + interval '45 days' END, 1
			FROM (
			  SELECT i, $3::timestamptz - $4::interval * (($1 - i)::float8 / $1) AS created,
			         to_char($3::timestamptz - $4::interval * (($1 - i)::float8 / $1), 'YY') || '-' || lpad(i::text, 6, '0') || '-' ||
			           (ARRAY['WTR', 'WTR', 'FIR', 'MLD', 'STM'])[1 + i % 5] AS job,
			         CASE i % 3
			           WHEN 0 THEN lpad(((i::bigint * 7919) % 10000000000)::text, 10, '0')
			           WHEN 1 THEN lpad((i % 100)::text, 2, '0') || '-H' || upper(substr(md5(i::text), 1, 3)) || '-' || lpad((i / 100)::text, 4, '0')
			           ELSE 'LA' || lpad(i::text, 6, '0') || '-' || lpad(((i * 37) % 1000000)::text, 6, '0') || '-01'
			         END AS cn,
			         (ARRAY['State Farm', 'Allstate', 'USAA', 'Liberty Mutual', 'Farmers', 'Nationwide', 'Travelers',
			                'American Family', 'Progressive', 'Chubb', 'Erie', 'Auto-Owners', 'Hartford', 'Safeco',
			                'MetLife', 'Amica', 'Cincinnati', 'Hanover', 'Kemper', 'Mercury'])[1 + i % 20] AS carrier,
			         'P' || lpad(((i::bigint * 31) % 100000000)::text, 8, '0') AS pol,
			         (ARRAY['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David',
			                'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah',
			                'Charles', 'Karen', 'Maria', 'Jose', 'Ana', 'Luis', 'Carmen'])[1 + i % 25] || ' ' ||
			         (ARRAY['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez',
			                'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore',
			                'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark',
			                'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott',
			                'Torres', 'Nguyen', 'Hill', 'Flores'])[1 + (i / 25) % 40] || CASE WHEN i % 7 = 0 THEN ' Jr' ELSE '' END AS insured,
			         (100 + (i * 13) % 9800)::text || ' ' ||
			         (ARRAY['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Willow', 'Birch', 'Pecan', 'Magnolia', 'Cypress',
			                'Main', 'Church', 'Mill', 'Lake', 'Hill', 'Park', 'River', 'Spring', 'Ridge', 'Meadow'])[1 + (i / 7) % 20] || ' ' ||
			         (ARRAY['St', 'Ave', 'Dr', 'Ln', 'Blvd', 'Ct'])[1 + i % 6] || ', ' ||
			         (ARRAY['Austin', 'Round Rock', 'Georgetown', 'Pflugerville', 'Cedar Park', 'Leander', 'Kyle',
			                'Buda', 'San Marcos', 'Dripping Springs'])[1 + (i / 3) % 10] || ', TX 787' || lpad((i % 100)::text, 2, '0') AS addr,
			         (ARRAY['Water', 'Water', 'Fire', 'Mold', 'Storm'])[1 + i % 5] AS loss,
			         (ARRAY['Dana', 'Chris', 'Pat', 'Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Jamie',
			                'Robin', 'Terry', 'Kim', 'Lee', 'Drew', 'Avery', 'Quinn', 'Riley', 'Shawn', 'Blake'])[1 + (i / 20) % 20] || ' ' ||
			         (ARRAY['Reyes', 'Cole', 'Park', 'Shah', 'Nolan', 'Ortiz', 'Burke', 'Chen', 'Diaz', 'Ford',
			                'Grant', 'Hayes', 'Ives', 'Kerr', 'Lowe', 'Marsh', 'Nash', 'Owen', 'Price', 'Quinn',
			                'Rhodes', 'Stone', 'Tate', 'Vance', 'Wade'])[1 + (i / 400) % 25] AS adj
			  FROM generate_series(1, $1) i) g`, []any{n.Claims, n.Open, now, span}},
		// Message j arrived at now - span*(M-j)/M and belongs to the claim
		// created just before it; every tenth is in triage, every fifth the
		// office's own mail. Half of the mail from people needs an answer.
		{"messages", `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
			                      from_address, from_name, subject, status, claim_id, needs_ack,
			                      internal_date, sent_date, received_at, updated_at,
			                      ack_due_at, acknowledged_at, ack_source, ack_business_minutes, office_id)
			SELECT CASE WHEN j % 5 = 0 THEN sent ELSE inbox END, 1, j, CASE WHEN j % 5 = 0 THEN 'out' ELSE 'in' END,
			       md5('m' || j) || md5('n' || j), 20000 + j % 50000, '<' || j || '@mail.smrestore.example>',
			       CASE WHEN j % 5 = 0 THEN 'claims@smrestore.example' ELSE 'sender' || (j % 5000) || '@carrier.example' END,
			       'Sender ' || (j % 5000), 'Re: claim update ' || j,
			       CASE WHEN j % 10 = 3 THEN 'triage' ELSE 'filed' END,
			       CASE WHEN j % 10 = 3 THEN NULL ELSE greatest(1, (j::bigint * $1) / $2) END,
			       ack, at - interval '1 minute', at - interval '2 minutes', at, at,
			       CASE WHEN ack THEN at + interval '30 minutes' END,
			       CASE WHEN ack AND at < $3::timestamptz - interval '2 days' AND j % 997 <> 0 THEN at + interval '20 minutes' END,
			       CASE WHEN ack AND at < $3::timestamptz - interval '2 days' AND j % 997 <> 0 THEN 'reply' ELSE '' END,
			       CASE WHEN ack AND at < $3::timestamptz - interval '2 days' AND j % 997 <> 0 THEN 20 END, 1
			FROM (SELECT j, $3::timestamptz - $4::interval * (($2 - j)::float8 / $2) AS at,
			             j % 5 <> 0 AND j % 2 = 0 AS ack,
			             (SELECT id FROM mailboxes WHERE role = 'inbox' LIMIT 1) AS inbox,
			             (SELECT id FROM mailboxes WHERE role = 'sent' LIMIT 1) AS sent
			      FROM generate_series(1, $2) j) g`, []any{n.Claims, n.Messages, now, span}},
		// One closed claim in 250 got mail after it closed, days later;
		// half of it was marked seen.
		{"mail on closed claims", `
			INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id,
			                      from_address, from_name, subject, status, claim_id,
			                      internal_date, sent_date, received_at, updated_at, acknowledged_at, office_id)
			SELECT (SELECT id FROM mailboxes WHERE role = 'inbox' LIMIT 1), 1, $1 + c.id, 'in',
			       md5('c' || c.id) || md5('l' || c.id), 30000, '<closed' || c.id || '@carrier.example>',
			       'sender' || (c.id % 5000) || '@carrier.example', 'Sender ' || (c.id % 5000), 'Re: claim ' || c.id,
			       'filed', c.id, at - interval '1 minute', at - interval '2 minutes', at, at,
			       CASE WHEN c.id % 500 = 17 THEN at + interval '1 hour' END, c.office_id
			FROM claims c, LATERAL (SELECT c.closed_at + interval '1 day' * (1 + c.id % 30) AS at) t
			WHERE c.status = 'closed' AND c.id % 250 = 17`, []any{n.Messages}},
		// With triggers off, the mail that came after its claim closed is
		// marked as migration 00041 marks existing mail.
		{"mail after closing marked", `
			UPDATE messages m SET after_close = true
			FROM claims c
			WHERE c.id = m.claim_id AND m.direction = 'in' AND c.status = 'closed' AND m.received_at > c.closed_at`, nil},
		// A third of the claims came from an assignment message.
		{"claim sources", `
			UPDATE claims c SET source_message_id = m.first
			FROM (SELECT claim_id, min(id) AS first FROM messages WHERE claim_id IS NOT NULL GROUP BY claim_id) m
			WHERE m.claim_id = c.id AND c.source = 'assignment'`, nil},
		// Document k belongs to the claim created just before, and arrived
		// within days of it; its type follows a job's mix of paperwork.
		{"documents", `
			INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key,
			                       received_at, created_at, verified_at, verified_by, office_id)
			SELECT c.id, md5('d' || k) || md5('e' || k), 50000 + (k::bigint * 7919) % 3000000,
			       t.prefix || k || t.ext, t.ctype, t.type, t.folder,
			       'claims/' || c.job_number || '/' || t.folder || '/' || k || '_' || t.prefix || k || t.ext,
			       c.created_at + interval '37 minutes' * (k % 97), c.created_at + interval '37 minutes' * (k % 97),
			       CASE WHEN t.type IN ('atp', 'cos', 'waiver') AND k % 3 <> 0 THEN c.created_at + interval '4 days' END,
			       CASE WHEN t.type IN ('atp', 'cos', 'waiver') AND k % 3 <> 0 THEN 'coordinator@smrestore.example' ELSE '' END,
			       c.office_id
			FROM generate_series(1, $2) k
			JOIN claims c ON c.id = greatest(1, (k::bigint * $1) / $2)
			JOIN (VALUES (0, 'photo', 'Photos', 'IMG_', '.jpg', 'image/jpeg'), (1, 'photo', 'Photos', 'IMG_', '.jpg', 'image/jpeg'),
			             (2, 'photo', 'Photos', 'IMG_', '.jpg', 'image/jpeg'), (3, 'photo', 'Photos', 'IMG_', '.jpg', 'image/jpeg'),
			             (4, 'scope', 'Scope', 'scope_', '.pdf', 'application/pdf'), (5, 'estimate', 'Estimates', 'estimate_', '.pdf', 'application/pdf'),
			             (6, 'sketch', 'Sketches', 'sketch_', '.pdf', 'application/pdf'), (7, 'atp', 'Contracts', 'ATP_', '.pdf', 'application/pdf'),
			             (8, 'drying_log', 'Drying Logs', 'drylog_', '.pdf', 'application/pdf'), (9, 'correspondence', 'Correspondence', 'message_', '.eml', 'message/rfc822'),
			             (10, 'cos', 'Contracts', 'COS_', '.pdf', 'application/pdf'), (11, 'invoice', 'Invoices', 'invoice_', '.pdf', 'application/pdf'),
			             (12, 'other', 'Other', 'file_', '.bin', 'application/octet-stream'))
			     AS t(n, type, folder, prefix, ext, ctype) ON t.n = (k * 5 + k / 13) % 13`, []any{n.Claims, n.Documents}},
		{"document links", `
			INSERT INTO document_messages (document_id, message_id)
			SELECT d.id, m.first FROM documents d
			JOIN (SELECT claim_id, min(id) AS first FROM messages WHERE claim_id IS NOT NULL GROUP BY claim_id) m
			  ON m.claim_id = d.claim_id`, nil},
		// Every claim had an update the day after it came; open claims had
		// one on most of the last ten days.
		{"updates", `
			INSERT INTO claim_updates (claim_id, at, source, author, note)
			SELECT id, created_at + interval '1 day', 'note', 'coordinator@smrestore.example', 'Called the adjuster'
			FROM claims
			UNION ALL
			SELECT c.id, date_trunc('day', $1::timestamptz - interval '1 day' * d) + interval '15 hours' + interval '1 minute' * (c.id % 300),
			       'note', 'coordinator@smrestore.example', 'Drying on track'
			FROM claims c CROSS JOIN generate_series(0, 9) d
			WHERE c.status = 'open' AND (c.id * 7 + d * 3) % 10 < 6
			  AND date_trunc('day', $1::timestamptz - interval '1 day' * d) + interval '15 hours' + interval '1 minute' * (c.id % 300) <= $1`,
			[]any{now}},
		{"participants", `
			-- with their claim's status, as its trigger (off here) keeps it
			INSERT INTO claim_participants (claim_id, role, name, email, phone, claim_open)
			SELECT id, 'adjuster', adjuster_name, adjuster_email, '512-555-' || lpad((id % 10000)::text, 4, '0'), status = 'open' FROM claims
			UNION ALL
			SELECT id, 'foreman', (ARRAY['Hector Ruiz', 'Bill Tran', 'Omar Said', 'Kate Moss'])[1 + id % 4], '', '', status = 'open' FROM claims
			UNION ALL
			-- Two coordinators share the claims, Ana's address written as
			-- people type it.
			SELECT id, 'coordinator', CASE WHEN id % 2 = 0 THEN 'Ana' ELSE 'Beth' END,
			       CASE WHEN id % 2 = 0 THEN 'Ana@SMRestore.example' ELSE 'beth@smrestore.example' END, '', status = 'open' FROM claims`, nil},
		{"claim words", `
			-- as its trigger (off here) keeps them
			INSERT INTO claim_words (office_id, word)
			SELECT DISTINCT office_id, unnest(claimdesk_spelt_words(insured_name, loss_address, job_name, company)) FROM claims`, nil},
		{"triggers on", `SET session_replication_role = DEFAULT`, nil},
		{"analyze", `VACUUM ANALYZE`, nil},
	}
	for _, s := range steps {
		if _, err := conn.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("seed %s: %w", s.what, err)
		}
	}
	return nil
}
