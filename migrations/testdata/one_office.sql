-- A one-office database at migration 00027 with rows in every table: what
-- the offices migration must move into the default office, changing
-- nothing else.
INSERT INTO users (email, name, password_hash, is_admin) VALUES
    ('ana@office.example', 'Ana Admin', 'hash-a', true),
    ('carl@office.example', 'Carl Coordinator', 'hash-c', false);
INSERT INTO users (email, password_hash, disabled_at) VALUES ('old@office.example', 'hash-o', '2026-01-02 03:04:05Z');

INSERT INTO api_tokens (user_id, name, token_sha256) VALUES
    ((SELECT id FROM users WHERE email = 'ana@office.example'), 'ana-script', repeat('1', 64)),
    (NULL, 'operator', repeat('2', 64));
INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, last_seen_at, expires_at)
VALUES (repeat('3', 64), (SELECT id FROM users WHERE email = 'carl@office.example'), 'csrf',
        '2026-03-01Z', '2026-03-02Z', '2026-04-01Z');
INSERT INTO calendar_feeds (user_id, token_sha256, created_at)
VALUES ((SELECT id FROM users WHERE email = 'carl@office.example'), repeat('4', 64), '2026-03-01Z');

INSERT INTO mailboxes (account, folder, role, uidvalidity, last_uid) VALUES
    ('claims@office.example', 'INBOX', 'inbox', 7, 3),
    ('claims@office.example', 'Sent', 'sent', 8, 1);
INSERT INTO mailbox_accounts (name, host, tls, username, auth, secret)
VALUES ('claims@office.example', 'imap.office.example:993', 'tls', 'claims@office.example', 'password', '\x0102');
INSERT INTO mailbox_health (account, state, last_error) VALUES ('claims@office.example', 'retrying', 'login refused');
INSERT INTO watch_processes (id, name, lock_key, heartbeat_at) VALUES ('p1', 'host-a:42', 99, '2026-03-04Z');
INSERT INTO mailbox_watchers (account, process) VALUES ('claims@office.example', 'p1');

INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, carrier, insured_name,
                    loss_address, loss_type, adjuster_name, adjuster_email, date_of_loss, cat, class)
VALUES ('26-1001-WTR', '261001WTR', '60-8H77-8H5', '608H778H5', 'State Farm', 'Kevin Castillo',
        '6345 Birch Rd, Plano, TX', 'Water', 'Jennifer Anderson', 'janderson@statefarm.example', '2026-02-27', 2, 3);
INSERT INTO claims (job_number, job_number_norm, claim_number, claim_number_norm, status, closed_at, close_note)
VALUES ('26-1002-FIR', '261002FIR', '0683449786', '0683449786', 'closed', '2026-03-01Z', 'done');
INSERT INTO claim_participants (claim_id, role, name, email)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'technician', 'Tom Tech', 'tom@office.example');
INSERT INTO claim_starts (claim_id, opened_at) VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), '2026-02-27Z');
INSERT INTO claim_changes (claim_id, actor, field, old_value, new_value)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'ana@office.example', 'cat', '', '2');
INSERT INTO claim_alerts (claim_id, milestone, rank, shows_from, shows_until, due_at, message)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'paperwork', 2, '2026-03-01Z', '2026-03-09Z', '2026-03-05Z', 'ATP missing');
INSERT INTO claim_alerts_stale (claim_id) VALUES ((SELECT id FROM claims WHERE job_number = '26-1002-FIR'))
    ON CONFLICT DO NOTHING;
INSERT INTO claim_alerts_rules (fingerprint) VALUES ('rules-v1') ON CONFLICT DO NOTHING;
INSERT INTO people (name, email, role) VALUES ('Tom Tech', 'tom@office.example', 'technician');
INSERT INTO reply_templates (kind, language, subject, body) VALUES ('ack', 'es', 'Recibido', 'Gracias')
    ON CONFLICT DO NOTHING;

INSERT INTO messages (mailbox_id, uidvalidity, uid, direction, raw_sha256, raw_size, message_id, from_address,
                      subject, status, claim_id, needs_ack, received_at, ack_due_at, body_text)
VALUES ((SELECT id FROM mailboxes WHERE folder = 'INBOX'), 7, 1, 'in', repeat('a', 64), 100, '<m1@x>',
        'janderson@statefarm.example', 'Claim 60-8H77-8H5', 'filed',
        (SELECT id FROM claims WHERE job_number = '26-1001-WTR'), true, '2026-03-02 15:00Z', '2026-03-02 15:30Z', 'hello'),
       ((SELECT id FROM mailboxes WHERE folder = 'INBOX'), 7, 2, 'in', repeat('b', 64), 200, '<m2@x>',
        'someone@example.com', 'no idea', 'triage', NULL, true, '2026-03-03 15:00Z', NULL, 'where?'),
       ((SELECT id FROM mailboxes WHERE folder = 'Sent'), 8, 1, 'out', repeat('c', 64), 300, '<m3@office.example>',
        'claims@office.example', 'Re: Claim 60-8H77-8H5', 'filed',
        (SELECT id FROM claims WHERE job_number = '26-1001-WTR'), false, '2026-03-02 15:10Z', NULL, 'thanks');
UPDATE claims SET source_message_id = (SELECT id FROM messages WHERE message_id = '<m1@x>'), source = 'assignment'
WHERE job_number = '26-1001-WTR';
INSERT INTO message_parts (message_id, part_path, content_type, filename, is_attachment, sha256, size, doc_type)
VALUES ((SELECT id FROM messages WHERE message_id = '<m1@x>'), '2', 'application/pdf', 'ATP.pdf', true, repeat('d', 64), 10, 'atp');
INSERT INTO message_moves (message_id, from_claim_id, to_claim_id, actor)
VALUES ((SELECT id FROM messages WHERE message_id = '<m1@x>'), NULL,
        (SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'carl@office.example');
INSERT INTO claim_updates (claim_id, at, source, message_id)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), '2026-03-02 15:10Z', 'email',
        (SELECT id FROM messages WHERE message_id = '<m3@office.example>'));

INSERT INTO documents (claim_id, sha256, size, filename, content_type, doc_type, folder, browse_key, received_at)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), repeat('d', 64), 10, 'ATP.pdf', 'application/pdf',
        'atp', 'Contracts', 'claims/26-1001-WTR/Contracts/2026-03-02_ATP.pdf', '2026-03-02 15:00Z');
INSERT INTO document_messages (document_id, message_id, part_id)
VALUES ((SELECT id FROM documents), (SELECT id FROM messages WHERE message_id = '<m1@x>'), (SELECT id FROM message_parts));
INSERT INTO retired_browse_keys (key) VALUES ('claims/26-1001-WTR/Other/2026-03-02_ATP.pdf');
INSERT INTO file_texts (sha256, content, source) VALUES (repeat('d', 64), 'Authorization to perform', 'pdf');

INSERT INTO requests (claim_id, message_id, from_addr, doc_types, text, asked_at, due_at)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), (SELECT id FROM messages WHERE message_id = '<m1@x>'),
        'janderson@statefarm.example', '{estimate}', 'send the estimate', '2026-03-02 15:00Z', '2026-03-04 15:00Z');

INSERT INTO outbox (message_id, kind, claim_id, reply_to, from_address, recipients, subject, body, raw, raw_sha256, state)
VALUES ('<o1@office.example>', 'ack', (SELECT id FROM claims WHERE job_number = '26-1001-WTR'),
        (SELECT id FROM messages WHERE message_id = '<m1@x>'), 'claims@office.example', '{janderson@statefarm.example}',
        'Re: Claim', 'Received', '\x41', repeat('e', 64), 'sent'),
       ('<o2@office.example>', 'digest', NULL, NULL, 'claims@office.example', '{carl@office.example}',
        'Morning', 'Today', '\x42', repeat('f', 64), 'queued');
INSERT INTO digests (user_id, day, outbox_id)
VALUES ((SELECT id FROM users WHERE email = 'carl@office.example'), '2026-03-04',
        (SELECT id FROM outbox WHERE message_id = '<o2@office.example>'));
INSERT INTO outbox_drafts (kind, claim_id, document_id, reply_to, language, recipients, subject, body)
VALUES ('form_rejected', (SELECT id FROM claims WHERE job_number = '26-1001-WTR'), (SELECT id FROM documents),
        (SELECT id FROM messages WHERE message_id = '<m1@x>'), 'en', '{tom@office.example}', 'ATP', 'Sign it');
INSERT INTO claim_reminders (claim_id, kind, recipient, occasion, outbox_id)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'chase_upload', 'tom@office.example', '2026-03-03',
        (SELECT id FROM outbox WHERE message_id = '<o1@office.example>'));

INSERT INTO equipment (claim_id, kind, count, placed_at, source_message_id, document_id)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), 'air_mover', 6, '2026-02-28Z',
        (SELECT id FROM messages WHERE message_id = '<m1@x>'), (SELECT id FROM documents));
INSERT INTO equipment_proposals (claim_id, message_id, seq, action, kind, count, at, text, equipment_id)
VALUES ((SELECT id FROM claims WHERE job_number = '26-1001-WTR'), (SELECT id FROM messages WHERE message_id = '<m1@x>'),
        1, 'placed', 'air_mover', 6, '2026-02-28Z', 'placed 6 air movers', (SELECT id FROM equipment));
