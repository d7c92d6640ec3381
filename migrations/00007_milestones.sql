-- What the paperwork milestones need beyond the documents: when the job's
-- stages happened, and which signed forms a coordinator verified.

-- +goose Up
ALTER TABLE claims
    ADD COLUMN work_started_at        timestamptz,
    ADD COLUMN equipment_picked_up_at timestamptz,
    ADD COLUMN completed_at           timestamptz,
    ADD COLUMN sampled_at             timestamptz;  -- flooring sample sent to the lab (ITEL)
ALTER TABLE documents
    ADD COLUMN verified_at timestamptz,  -- a coordinator checked the form is signed correctly
    ADD COLUMN verified_by text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE documents DROP COLUMN verified_by, DROP COLUMN verified_at;
ALTER TABLE claims DROP COLUMN sampled_at, DROP COLUMN completed_at, DROP COLUMN equipment_picked_up_at,
    DROP COLUMN work_started_at;
