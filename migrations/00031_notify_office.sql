-- The dashboard's change notifications name the office whose things
-- changed, so that a dashboard is woken only by changes of the offices its
-- person may see: another office's activity is not shown, not even as a
-- moment when something happened.
--
-- The payload becomes "table:office" (the SLA sweep's "sla", and a change
-- whose office is gone, still name no office and wake everyone). A row
-- moved to another office wakes both. Tables whose rows take their claim's
-- office (claim_updates, equipment_proposals) pass 'claim_id' to the
-- trigger. Postgres still sends one notification per distinct payload per
-- transaction: a filing wakes its office's dashboards once.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_office bigint;
    new_office bigint;
BEGIN
    IF TG_NARGS > 0 THEN
        IF TG_OP <> 'INSERT' THEN
            SELECT office_id INTO old_office FROM claims WHERE id = OLD.claim_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            SELECT office_id INTO new_office FROM claims WHERE id = NEW.claim_id;
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            old_office := OLD.office_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            new_office := NEW.office_id;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' AND old_office IS DISTINCT FROM new_office THEN
        PERFORM pg_notify('claimdesk_changes', TG_TABLE_NAME || coalesce(':' || old_office, ''));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('claimdesk_changes', TG_TABLE_NAME || coalesce(':' || new_office, ''));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A message moved to another office leaves one board and joins another.
DROP TRIGGER messages_notify_change ON messages;
CREATE TRIGGER messages_notify_change
    AFTER INSERT OR DELETE OR UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at, office_id ON messages
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
DROP TRIGGER claim_updates_notify_change ON claim_updates;
CREATE TRIGGER claim_updates_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change('claim_id');
DROP TRIGGER equipment_proposals_notify_change ON equipment_proposals;
CREATE TRIGGER equipment_proposals_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON equipment_proposals
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change('claim_id');

-- +goose Down
DROP TRIGGER messages_notify_change ON messages;
CREATE TRIGGER messages_notify_change
    AFTER INSERT OR DELETE OR UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at ON messages
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
DROP TRIGGER equipment_proposals_notify_change ON equipment_proposals;
CREATE TRIGGER equipment_proposals_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON equipment_proposals
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
DROP TRIGGER claim_updates_notify_change ON claim_updates;
CREATE TRIGGER claim_updates_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('claimdesk_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
