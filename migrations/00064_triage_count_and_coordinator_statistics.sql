-- How many messages wait in triage is on every page (the menu's count): it
-- is counted from an index of theirs alone, without visiting the table's
-- pages, where every tenth message in triage meant reading nearly all of
-- them.
--
-- The planner has no statistics of a partial index's expressions, so it
-- guessed that a coordinator coordinates 0.5 % of the claims whatever the
-- truth: with half of them, "Mine" hashed every claim the coordinator ever
-- had before listing a page. Statistics of the role and address together
-- give it the real share.

-- +goose Up
CREATE INDEX messages_triage_office_idx ON messages (office_id) WHERE status = 'triage';
CREATE STATISTICS claim_participants_role_email_stats (mcv) ON role, lower(email) FROM claim_participants;
ANALYZE claim_participants;

-- +goose Down
DROP STATISTICS claim_participants_role_email_stats;
DROP INDEX messages_triage_office_idx;
