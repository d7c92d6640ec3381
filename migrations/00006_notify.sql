-- The dashboard follows the database live: every change that moves the SLA
-- board (mail arriving, a message classified, filed or acknowledged, an
-- update or a document recorded, a claim opened or closed) notifies the
-- channel claimdesk_changes. A trigger rather than calls in the code, so
-- that every writer is covered: the pipeline, the web, the command line and
-- an operator's SQL.
--
-- The payload is only the table's name (the SLA sweep sends "sla" on the
-- same channel when time alone moves a deadline). Postgres delivers one
-- notification per distinct payload per transaction, so a filing that
-- writes twenty rows wakes the dashboards once; they read what changed
-- themselves.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('claimdesk_changes', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER messages_notify_change
    AFTER INSERT OR DELETE OR UPDATE OF status, claim_id, needs_ack, ack_due_at, acknowledged_at ON messages
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
CREATE TRIGGER claim_updates_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON claim_updates
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
-- Any change of a document or a claim may move a milestone (a verified
-- form, a job stage), and later migrations add such columns: no column
-- list here to keep up to date.
CREATE TRIGGER documents_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();
CREATE TRIGGER claims_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claimdesk_notify_change();

-- The board lists the day's acknowledgments, latest first.
CREATE INDEX messages_acknowledged_idx ON messages (acknowledged_at) WHERE acknowledged_at IS NOT NULL;

-- +goose Down
DROP INDEX messages_acknowledged_idx;
DROP TRIGGER claims_notify_change ON claims;
DROP TRIGGER documents_notify_change ON documents;
DROP TRIGGER claim_updates_notify_change ON claim_updates;
DROP TRIGGER messages_notify_change ON messages;
DROP FUNCTION claimdesk_notify_change();
