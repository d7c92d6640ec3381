-- Less work for Postgres per filed document.
--
-- Naming a filed document reads the names in use that start with its own
-- (a thread's replies on one day share their subject, and with it their
-- .eml's name). Without the indexes below, that read visits every document
-- of the claim, and every retired key: a claim's hundredth filing reads a
-- hundred rows to find none or two. The database's own collation may not
-- order text by bytes (C.UTF-8 and en_US do not, for the planner), so a
-- range on a prefix needs indexes in the "C" collation; storage's naming
-- statements compare in it.
--
-- A document's and a request's claim and office were each checked three
-- times on insert: the claim exists, the office exists, and the claim is
-- in that office. The last says the other two (claims.office_id refers to
-- offices), and each check is a look-up and a row lock on every insert.

-- +goose Up
CREATE INDEX documents_claim_browse_key_idx ON documents (claim_id, browse_key COLLATE "C");
CREATE INDEX retired_browse_keys_prefix_idx ON retired_browse_keys (key COLLATE "C");

ALTER TABLE documents DROP CONSTRAINT documents_claim_id_fkey, DROP CONSTRAINT documents_office_id_fkey;
ALTER TABLE requests DROP CONSTRAINT requests_claim_id_fkey, DROP CONSTRAINT requests_office_id_fkey;

-- +goose Down
ALTER TABLE requests ADD CONSTRAINT requests_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES claims (id),
    ADD CONSTRAINT requests_office_id_fkey FOREIGN KEY (office_id) REFERENCES offices (id);
ALTER TABLE documents ADD CONSTRAINT documents_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES claims (id),
    ADD CONSTRAINT documents_office_id_fkey FOREIGN KEY (office_id) REFERENCES offices (id);

DROP INDEX retired_browse_keys_prefix_idx;
DROP INDEX documents_claim_browse_key_idx;
