-- Who or what says each stage of a claim's job happened, and when: a person
-- (the claim page, the API), mail a person confirmed (the equipment picked
-- up), a lab report filed to the claim (the flooring sample). The claim's
-- stage column (work_started_at, ...) holds the time of the first of these
-- there is, in that order: what people recorded stands over the evidence,
-- and clearing it brings the evidence back (storage.changeStage). Once the
-- equipment log holds drying equipment it sets the pickup itself
-- (storage.syncPickupStage), and the rows of that stage wait unused.
--
-- A lab report's record names the report (document_id): when it stops
-- being one of the claim's lab reports (retyped, moved to another claim,
-- merged away) the record goes, and the claim's other reports, if any,
-- give the stage again (ingest).
--
-- The stages recorded before are a person's, whose name was not kept,
-- except a pickup the equipment log sets, and a sample a lab report of the
-- claim gave: the time it came, or the start of a day before that in the
-- office's time zone (UTC when the office has none set), as a report's
-- sample date reads. Any other sample time is a person's, to clear.

-- +goose Up
CREATE TABLE claim_stage_records (
    claim_id bigint      NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    stage    text        NOT NULL CHECK (stage IN ('work_started', 'equipment_picked_up', 'completed', 'sampled')),
    source   text        NOT NULL CHECK (source IN ('person', 'mail', 'lab_report')),
    at       timestamptz NOT NULL,            -- when the stage happened, as the source says
    actor    text        NOT NULL DEFAULT '', -- who recorded it or confirmed the mail, the lab report's file; '' unknown
    -- the lab report that gave it; null for the other sources, and once
    -- the report is deleted, which leaves the record for ingest to replace
    document_id bigint   REFERENCES documents (id) ON DELETE SET NULL CHECK (source = 'lab_report' OR document_id IS NULL),
    PRIMARY KEY (claim_id, stage, source)
);
-- A document's deletion looks here for the record naming it.
CREATE INDEX claim_stage_records_document_idx ON claim_stage_records (document_id) WHERE document_id IS NOT NULL;

INSERT INTO claim_stage_records (claim_id, stage, source, at)
SELECT id, 'work_started', 'person', work_started_at FROM claims WHERE work_started_at IS NOT NULL
UNION ALL
SELECT id, 'completed', 'person', completed_at FROM claims WHERE completed_at IS NOT NULL
UNION ALL
SELECT c.id, 'equipment_picked_up', 'person', c.equipment_picked_up_at FROM claims c
WHERE c.equipment_picked_up_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM equipment e WHERE e.claim_id = c.id AND e.kind IN ('air_mover', 'dehumidifier', 'air_scrubber'));

INSERT INTO claim_stage_records (claim_id, stage, source, at, actor, document_id)
SELECT c.id, 'sampled', CASE WHEN r.id IS NULL THEN 'person' ELSE 'lab_report' END, c.sampled_at, coalesce(r.filename, ''), r.id
FROM claims c
LEFT JOIN offices o ON o.id = c.office_id
LEFT JOIN LATERAL (SELECT d.id, d.filename FROM documents d
                   WHERE d.claim_id = c.id AND d.doc_type = 'lab_report'
                     AND (d.received_at = c.sampled_at
                          OR c.sampled_at < d.received_at
                             AND c.sampled_at = date_trunc('day', c.sampled_at, coalesce(nullif(o.timezone, ''), 'UTC')))
                   ORDER BY d.received_at, d.id LIMIT 1) r ON true
WHERE c.sampled_at IS NOT NULL;

-- +goose Down
DROP TABLE claim_stage_records;
