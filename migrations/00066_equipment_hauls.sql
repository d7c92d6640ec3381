-- A haul (swap) of a dumpster or pod: the hauler takes the full one away
-- and drops an empty one the same day. The line keeps its placement and
-- its rental days; each haul is billed to the carrier as a haul fee, so
-- the packet lists them. A haul logged by mistake is deleted.

-- +goose Up
CREATE TABLE equipment_hauls (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    equipment_id bigint      NOT NULL REFERENCES equipment (id) ON DELETE CASCADE,
    hauled_at    timestamptz NOT NULL,
    hauled_by    text        NOT NULL DEFAULT '',
    note         text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX equipment_hauls_equipment_idx ON equipment_hauls (equipment_id, hauled_at);

-- +goose Down
DROP TABLE equipment_hauls;
