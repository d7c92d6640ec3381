-- The equipment log: per claim, the drying equipment, dumpsters and pods
-- placed on the job, when each was placed and picked up, its vendor, and
-- whether the carrier's approval was needed, asked for and given. A vendor's
-- document needing the carrier's approval is a line of kind other that
-- names it (document_id), approved as equipment is. Mail
-- proposes entries (a vendor's "container delivered", a technician's
-- "picked up 4 air movers") that a person confirms or dismisses.

-- +goose Up
CREATE TABLE equipment (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id            bigint      NOT NULL REFERENCES claims (id),
    kind                text        NOT NULL
                        CHECK (kind IN ('air_mover', 'dehumidifier', 'air_scrubber', 'dumpster', 'pod', 'other')),
    count               integer     NOT NULL CHECK (count > 0),
    placed_at           timestamptz,
    picked_up_at        timestamptz,
    vendor              text        NOT NULL DEFAULT '',
    note                text        NOT NULL DEFAULT '',
    approval            text        NOT NULL DEFAULT 'not_needed'
                        CHECK (approval IN ('not_needed', 'requested', 'approved', 'denied')),
    approval_by         text        NOT NULL DEFAULT '', -- who asked, or who recorded the carrier's answer
    approval_at         timestamptz,
    approval_outbox_id  bigint      REFERENCES outbox (id),   -- the request sent to the adjuster
    approval_message_id bigint      REFERENCES messages (id), -- the adjuster's answer, in its thread
    -- set in the transaction that queues the pickup notices: a pickup
    -- saved again notifies no one twice
    pickup_notified_at  timestamptz,
    source_message_id   bigint      REFERENCES messages (id), -- the mail a confirmed proposal came from
    document_id         bigint      REFERENCES documents (id), -- the vendor's document an approval is about
    created_by          text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX equipment_claim_idx ON equipment (claim_id, id);
CREATE INDEX equipment_approval_idx ON equipment (claim_id) WHERE approval = 'requested';

-- What a message says about the equipment, for a person to confirm: placed
-- or picked up (kind, count), or the adjuster's answer to an approval
-- request (approved, denied; equipment_id is the item asked about).
CREATE TABLE equipment_proposals (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id     bigint      NOT NULL REFERENCES claims (id),
    message_id   bigint      NOT NULL REFERENCES messages (id),
    seq          integer     NOT NULL, -- its place among the message's proposals
    action       text        NOT NULL CHECK (action IN ('placed', 'picked_up', 'approved', 'denied')),
    kind         text        NOT NULL DEFAULT ''
                 CHECK (kind IN ('', 'air_mover', 'dehumidifier', 'air_scrubber', 'dumpster', 'pod', 'other')),
    count        integer     NOT NULL DEFAULT 0,
    at           timestamptz NOT NULL, -- when the message says it happened (its arrival)
    address      text        NOT NULL DEFAULT '',
    text         text        NOT NULL, -- the words it was read from
    equipment_id bigint      REFERENCES equipment (id),
    status       text        NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'dismissed')),
    decided_by   text        NOT NULL DEFAULT '',
    decided_at   timestamptz,
    UNIQUE (message_id, seq)
);
CREATE INDEX equipment_proposals_claim_idx ON equipment_proposals (claim_id) WHERE status = 'proposed';

CREATE TRIGGER equipment_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON equipment
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
CREATE TRIGGER equipment_proposals_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON equipment_proposals
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

-- The office sends more kinds of mail than acknowledgments and updates
-- (pickup notices, approval requests, ...): the outbox package names them,
-- and the tables only check that a kind is a name, so a new kind needs no
-- migration.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind ~ '^[a-z][a-z_]{0,39}$');
ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_kind_check;
ALTER TABLE reply_templates ADD CONSTRAINT reply_templates_kind_check CHECK (kind ~ '^[a-z][a-z_]{0,39}$');

-- +goose Down
DELETE FROM reply_templates WHERE kind NOT IN ('ack', 'update', 'form_rejected');
ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_kind_check;
ALTER TABLE reply_templates ADD CONSTRAINT reply_templates_kind_check CHECK (kind IN ('ack', 'update', 'form_rejected'));
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('ack', 'update', 'digest', 'form_rejected')) NOT VALID;
DROP TABLE equipment_proposals;
DROP TABLE equipment;
