-- Indexes that find the browse keys starting with a prefix by a range scan.
--
-- Naming a filed document reads the names in use that start with its own
-- (a thread's replies on one day share their subject, and with it their
-- .eml's name). Without these, that read visits every document of the
-- claim, and every retired key: a claim's hundredth filing reads a hundred
-- rows to find none or two. The database's own collation may not order
-- text by bytes (C.UTF-8 and en_US do not, for the planner), so a range on
-- a prefix needs indexes in the "C" collation; storage's naming statements
-- compare in it.

-- +goose Up
CREATE INDEX documents_claim_browse_key_idx ON documents (claim_id, browse_key COLLATE "C");
CREATE INDEX retired_browse_keys_prefix_idx ON retired_browse_keys (key COLLATE "C");

-- +goose Down
DROP INDEX retired_browse_keys_prefix_idx;
DROP INDEX documents_claim_browse_key_idx;
