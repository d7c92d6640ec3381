-- Each office writes its own replies and keeps its own people: the reply
-- templates and the people list (technicians, estimators, foremen and the
-- language each reads) were the one office's, and become the default
-- office's. An office without its own wording of a template uses the
-- default office's, then the built-in one (storage.ReplyTemplates), so a
-- one-office database reads exactly what it did. People are never shared:
-- a technician of one office is not offered, matched or reminded for
-- another office's claims.
--
-- Like the columns 00028 added, office_id takes the default office for the
-- existing rows; unlike them it keeps no DEFAULT, so an insert that names
-- no office fails instead of landing in the default one.

-- +goose Up
ALTER TABLE reply_templates ADD COLUMN office_id bigint NOT NULL DEFAULT 1 REFERENCES offices (id);
ALTER TABLE reply_templates ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_pkey;
ALTER TABLE reply_templates ADD PRIMARY KEY (office_id, kind, language);

ALTER TABLE people ADD COLUMN office_id bigint NOT NULL DEFAULT 1 REFERENCES offices (id);
ALTER TABLE people ALTER COLUMN office_id DROP DEFAULT;
ALTER TABLE people DROP CONSTRAINT people_role_name_key;
ALTER TABLE people ADD CONSTRAINT people_office_role_name_key UNIQUE (office_id, role, name);

-- +goose Down
-- Going down keeps the default office's templates and people: the other
-- offices' cannot share one list without clashing names and wordings.
DELETE FROM people WHERE office_id <> 1;
ALTER TABLE people DROP CONSTRAINT people_office_role_name_key;
ALTER TABLE people ADD CONSTRAINT people_role_name_key UNIQUE (role, name);
ALTER TABLE people DROP COLUMN office_id;

DELETE FROM reply_templates WHERE office_id <> 1;
ALTER TABLE reply_templates DROP CONSTRAINT reply_templates_pkey;
ALTER TABLE reply_templates ADD PRIMARY KEY (kind, language);
ALTER TABLE reply_templates DROP COLUMN office_id;
