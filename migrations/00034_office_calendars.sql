-- Each office counts its deadlines by its own calendar and milestone
-- deadlines. The time zone, hours and holidays were columns already; this
-- adds the holidays of an iCalendar file (its content: the file itself is
-- on the machine that ran claimdesk office set, not on every server's) and
-- the milestone deadlines. Empty is "as configured", as for the others.
--
-- A change of an office's settings is announced on claimdesk_offices, with
-- the office's id, so that every process counts by the new ones without
-- asking the database for an office's calendar on every message.
--
-- An office whose settings were filled from the configuration and never
-- changed by a person follows the configuration: claimdesk fills them
-- again at every start, so that a one-office deployment changes its hours
-- by changing its variables. settings_set_at is when a person last changed
-- them (claimdesk office add or set, the settings page); from then on the
-- office keeps its own. Offices other than the default one were added by a
-- person; the default office was filled from the configuration, and follows
-- it again (a change made to it by a person before cannot be told apart).
--
-- The morning digest goes per office, at each office's hour: a person of
-- two offices is sent each office's, so a day's digest is one per person
-- and office. The existing rows were the default office's.

-- +goose Up
ALTER TABLE offices ADD COLUMN holidays_ical text NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN milestones text NOT NULL DEFAULT '';  -- as CLAIMDESK_MILESTONES
ALTER TABLE offices ADD COLUMN settings_set_at timestamptz;  -- NULL: the settings follow the configuration
UPDATE offices SET settings_set_at = coalesce(configured_at, created_at) WHERE id <> 1;

-- +goose StatementBegin
CREATE FUNCTION claimdesk_notify_office() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('claimdesk_offices', NEW.id::text);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER offices_notify AFTER INSERT OR UPDATE ON offices
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_office();

ALTER TABLE digests ADD COLUMN office_id bigint NOT NULL DEFAULT 1 REFERENCES offices (id) ON DELETE CASCADE;
ALTER TABLE digests ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE digests DROP CONSTRAINT digests_pkey;
ALTER TABLE digests ADD PRIMARY KEY (user_id, office_id, day);

-- +goose Down
-- Going down keeps one digest a person a day: the default office's, or
-- else the first office's.
DELETE FROM digests d WHERE EXISTS (
    SELECT 1 FROM digests e WHERE e.user_id = d.user_id AND e.day = d.day AND e.office_id < d.office_id);
ALTER TABLE digests DROP CONSTRAINT digests_pkey;
ALTER TABLE digests DROP COLUMN office_id;
ALTER TABLE digests ADD PRIMARY KEY (user_id, day);
DROP TRIGGER offices_notify ON offices;
DROP FUNCTION claimdesk_notify_office();
ALTER TABLE offices DROP COLUMN settings_set_at;
ALTER TABLE offices DROP COLUMN milestones;
ALTER TABLE offices DROP COLUMN holidays_ical;
