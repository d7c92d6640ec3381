-- A claim's history keeps what a person dismissed of what mail proposed for
-- its equipment log, and what they restored: claim_changes rows about a
-- proposal name it, and stay, without it, when reading its message again
-- replaces a proposal still waiting for a person.

-- +goose Up
ALTER TABLE claim_changes ADD COLUMN proposal_id bigint REFERENCES equipment_proposals (id) ON DELETE SET NULL;
-- A proposal's deletion looks here for the rows naming it.
CREATE INDEX claim_changes_proposal_idx ON claim_changes (proposal_id) WHERE proposal_id IS NOT NULL;

-- +goose Down
DROP INDEX claim_changes_proposal_idx;
ALTER TABLE claim_changes DROP COLUMN proposal_id;
