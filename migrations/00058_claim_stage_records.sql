-- Who or what says each stage of a claim's job happened, and when: a person
-- (the claim page, the API), mail a person confirmed (the equipment picked
-- up), a lab report filed to the claim (the flooring sample). The claim's
-- stage column (work_started_at, ...) holds the time of the first of these
-- there is, in that order: what people recorded stands over the evidence,
-- and clearing it brings the evidence back (storage.applyStage). Once the
-- equipment log holds drying equipment it sets the pickup itself
-- (storage.syncPickupStage), and the rows of that stage wait unused.
--
-- The stages recorded before are a person's, whose name was not kept,
-- except a sample on a claim with a lab report, which the report gave, and
-- a pickup the equipment log sets.

-- +goose Up
CREATE TABLE claim_stage_records (
    claim_id bigint      NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    stage    text        NOT NULL CHECK (stage IN ('work_started', 'equipment_picked_up', 'completed', 'sampled')),
    source   text        NOT NULL CHECK (source IN ('person', 'mail', 'lab_report')),
    at       timestamptz NOT NULL,            -- when the stage happened, as the source says
    actor    text        NOT NULL DEFAULT '', -- who recorded it or confirmed the mail, the lab report's file; '' unknown
    PRIMARY KEY (claim_id, stage, source)
);

INSERT INTO claim_stage_records (claim_id, stage, source, at)
SELECT id, 'work_started', 'person', work_started_at FROM claims WHERE work_started_at IS NOT NULL
UNION ALL
SELECT id, 'completed', 'person', completed_at FROM claims WHERE completed_at IS NOT NULL
UNION ALL
SELECT c.id, 'equipment_picked_up', 'person', c.equipment_picked_up_at FROM claims c
WHERE c.equipment_picked_up_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM equipment e WHERE e.claim_id = c.id AND e.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'));

INSERT INTO claim_stage_records (claim_id, stage, source, at, actor)
SELECT c.id, 'sampled', CASE WHEN r.filename IS NULL THEN 'person' ELSE 'lab_report' END, c.sampled_at, coalesce(r.filename, '')
FROM claims c
LEFT JOIN LATERAL (SELECT filename FROM documents d WHERE d.claim_id = c.id AND d.doc_type = 'lab_report'
                   ORDER BY d.received_at, d.id LIMIT 1) r ON true
WHERE c.sampled_at IS NOT NULL;

-- +goose Down
DROP TABLE claim_stage_records;
