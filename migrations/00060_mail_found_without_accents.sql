-- Search finds mail and documents by their words with or without accents,
-- as it finds claims (00054): "Tomas" finds Tomás, "Pena" Peña, "Nguyen"
-- Nguyễn, and "Peña" finds Peña and Pena. The search words of a text
-- (claimdesk_search_words: a message's subject, sender and body, a
-- document's file name, a file's text) are its words as before (as
-- written, as English stems, numbers without their dashes), each with its
-- accents folded, at its own position: phrases and weights are as before.
-- The search folds the words typed the same way (storage.searchSQL), so a
-- word typed either way finds it written either way.
--
-- Folding is claimdesk_fold_words' translate() of 00054, now kept in
-- claimdesk_fold_accents, which claimdesk_fold_words calls: claims, mail and
-- documents fold alike. Its list holds the same letters, each folded to the
-- same letter, in another order, and ASCII's characters too, as themselves:
-- translate() looks every character up from the start of its list, and
-- looked for every ASCII letter through all six hundred. The list now
-- starts with space and ASCII's lower-case letters (the most frequent
-- first), then the lower-case letters with accents (Latin-1's, Spanish's
-- among them, then Vietnamese ones; words are folded lower case), then
-- ASCII's other characters, then the rest, then the combining accents it
-- drops, which must come last. A claim's words are the same as before
-- (TestFoldedWordsMigrationIndexesStoredRows).
--
-- What it costs: a text all ASCII, most mail, is indexed as before, after a
-- comparison of its length in bytes and in characters; a text with other
-- characters is folded only when it holds a letter or an accent the
-- folding knows (the pattern's ranges hold them all; a microsecond for a
-- body): curly quotes and non-breaking spaces, common in mail, are not.
-- Otherwise only its words beyond ASCII are folded, each once, rather than
-- the whole text, whose letters are mostly ASCII; the words take no more
-- room than before.
--
-- Restores: claimdesk_search_words computes the stored words of documents'
-- names and files' texts (generated columns), which a restore from pg_dump
-- computes with an empty search_path. It found the functions it calls by
-- the search_path, so a restore failed at the first file name or text with
-- a dash (claimdesk_number_words); it now runs with the search_path it was
-- made with (SET ... FROM CURRENT), and so finds its own functions.
--
-- Stored words: the messages, document names and file texts whose stored
-- words hold a word folding changes are indexed again, one statement each,
-- found by those words rather than by reading every text (claimdesk is
-- stopped while it upgrades). A message's stored words are folded where
-- they are, weights and positions kept, which makes the words its text
-- makes now without reading the text again; names and texts are indexed
-- again from their text (their words are generated columns). An office of
-- 300,000 messages (a fifth of them with accents), as many documents and
-- 50,000 PDF texts took a minute on a busy two-core machine
-- (BenchmarkFoldedWordsMigration): finding the rows reads every row's
-- words; only the rows found are written.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_fold_accents(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT translate(t,
        E' etaoinsrhldcumfpgwybvkxjqzàáâãäåçèéêëìíîïñòóôõöùúûüýÿøăĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđāąćĉċčďēĕėęěĝğġģĥīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťūŭůűųŵŷźżžǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙłı.,ETAOINSRHLDCUMFPGWYBVKXJQZ0123456789-''":;!?()/@&#$%*+=<>[]_|~^`{}\n\r\tÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝĀĂĄĆĈĊČĎĒĔĖĘĚĜĞĠĢĤĨĪĬĮİĴĶĹĻĽŃŅŇŌŎŐŔŖŘŚŜŞŠŢŤŨŪŬŮŰŲŴŶŸŹŻŽƠƯǍǏǑǓǕǗǙǛǞǠǦǨǪǬǴǸǺȀȂȄȆȈȊȌȎȐȒȔȖȘȚȞȦȨȪȬȮȰȲḀḂḄḆḈḊḌḎḐḒḔḖḘḚḜḞḠḢḤḦḨḪḬḮḰḲḴḶḸḺḼḾṀṂṄṆṈṊṌṎṐṒṔṖṘṚṜṞṠṢṤṦṨṪṬṮṰṲṴṶṸṺṼṾẀẂẄẆẈẊẌẎẐẒẔẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸØŁĐ̴̵̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
        E' etaoinsrhldcumfpgwybvkxjqzaaaaaaceeeeiiiinooooouuuuyyoaiuouaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyydaaccccdeeeeegggghiiijklllnnnooorrrssssttuuuuuwyzzzaiouuuuuaagkoojgnaaaeeiioorruusthaeooooyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttuuuuuvvwwwwwxxyzzzhtwyli.,ETAOINSRHLDCUMFPGWYBVKXJQZ0123456789-''":;!?()/@&#$%*+=<>[]_|~^`{}\n\r\tAAAAAACEEEEIIIINOOOOOUUUUYAAACCCCDEEEEEGGGGHIIIIIJKLLLNNNOOORRRSSSSTTUUUUUUWYYZZZOUAIOUUUUUAAGKOOGNAAAEEIIOORRUUSTHAEOOOOYABBBCDDDDDEEEEEFGHHHHHIIKKKLLLLMMMNNNNOOOOPPRRRRSSSSSTTTTUUUUUVVWWWWWXXYZZZAAAAAAAAAAAAEEEEEEEEIIOOOOOOOOOOOOUUUUUUUYYYYOLD');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_fold_words(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT array_remove(regexp_split_to_array(lower(claimdesk_fold_accents(coalesce(t, ''))), '[^a-z0-9]+'), '');
END;
-- +goose StatementEnd

-- claimdesk_folded_words returns the words of doc as claimdesk_search_words
-- made them (as written, English stems, numbers), without weights, each
-- with its accents folded.
-- +goose StatementBegin
CREATE FUNCTION claimdesk_folded_words(doc text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    words tsvector := to_tsvector('simple', doc) || to_tsvector('english', doc)
                      || CASE WHEN strpos(doc, '-') > 0 THEN claimdesk_number_words(doc) ELSE ''::tsvector END;
    accented text[];
    folded text;
BEGIN
    -- The words folding changes, and what they fold to at their positions,
    -- as a tsvector's text; only words beyond ASCII are folded (OFFSET 0
    -- keeps that test first).
    SELECT array_agg(lexeme),
           string_agg('''' || replace(replace(f, '\', '\\'), '''', '''''') || ''''
                      || coalesce(':' || array_to_string(positions, ','), ''), ' ') FILTER (WHERE f <> '')
    INTO accented, folded
    FROM (SELECT claimdesk_fold_accents(lexeme) AS f, lexeme, positions
          FROM unnest(words) WHERE octet_length(lexeme) <> length(lexeme) OFFSET 0) w
    WHERE f <> lexeme;
    IF accented IS NULL THEN
        RETURN words;
    END IF;
    RETURN (ts_delete(words, accented)::text || ' ' || coalesce(folded, ''))::tsvector;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT
SET search_path FROM CURRENT
AS $$
DECLARE
    n integer;
    -- the ranges hold every letter and accent claimdesk_fold_accents folds
    folds boolean := octet_length(doc) <> length(doc) AND doc ~ '[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]';
BEGIN
    IF octet_length(doc) <= 65536 THEN
        IF folds THEN
            RETURN setweight(claimdesk_folded_words(doc), weight);
        END IF;
        -- claimdesk_number_words finds nothing without a dash; a test for
        -- a digit here would copy the whole text into wide characters once
        -- more (as every regular expression does), for a body's every word
        RETURN setweight(to_tsvector('simple', doc) || to_tsvector('english', doc)
                         || CASE WHEN strpos(doc, '-') > 0 THEN claimdesk_number_words(doc) ELSE ''::tsvector END,
                         weight);
    END IF;
    n := length(doc);
    LOOP
        BEGIN
            IF folds THEN
                RETURN setweight(claimdesk_folded_words(left(doc, n)), weight);
            END IF;
            RETURN setweight(to_tsvector('simple', left(doc, n)) || to_tsvector('english', left(doc, n))
                             || claimdesk_number_words(left(doc, n)), weight);
        EXCEPTION WHEN program_limit_exceeded THEN
            n := n / 2;
        END;
    END LOOP;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claimdesk_fold_stored_words(v tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN accented IS NULL THEN v ELSE (ts_delete(v, accented)::text || ' ' || coalesce(folded, ''))::tsvector END
    FROM (SELECT array_agg(lexeme) AS accented,
                 string_agg('''' || replace(replace(f, '\', '\\'), '''', '''''') || ''''
                            || coalesce(':' || (SELECT string_agg(p || CASE x.w WHEN 'D' THEN '' ELSE x.w END, ',')
                                                FROM unnest(positions, weights) AS x (p, w)), ''), ' ') FILTER (WHERE f <> '') AS folded
          FROM (SELECT claimdesk_fold_accents(lexeme) AS f, lexeme, positions, weights
                FROM unnest(v) WHERE octet_length(lexeme) <> length(lexeme) OFFSET 0) l
          WHERE f <> lexeme) a
$$;
-- +goose StatementEnd

UPDATE messages SET search_vector = claimdesk_fold_stored_words(search_vector),
                    header_search_vector = claimdesk_fold_stored_words(header_search_vector)
WHERE EXISTS (SELECT FROM unnest(search_vector) w
              WHERE CASE WHEN octet_length(w.lexeme) = length(w.lexeme) THEN false
                         ELSE claimdesk_fold_accents(w.lexeme) <> w.lexeme END);

DROP FUNCTION claimdesk_fold_stored_words(tsvector);

UPDATE documents SET filename = filename
WHERE EXISTS (SELECT FROM unnest(name_search_vector) w
              WHERE CASE WHEN octet_length(w.lexeme) = length(w.lexeme) THEN false
                         ELSE claimdesk_fold_accents(w.lexeme) <> w.lexeme END);

UPDATE file_texts SET content = content
WHERE EXISTS (SELECT FROM unnest(search_vector) w
              WHERE CASE WHEN octet_length(w.lexeme) = length(w.lexeme) THEN false
                         ELSE claimdesk_fold_accents(w.lexeme) <> w.lexeme END);

-- +goose Down
-- The rows indexed with their accents folded are indexed again as written.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_search_words(doc text, weight "char") RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    n integer;
BEGIN
    IF octet_length(doc) <= 65536 THEN
        -- claimdesk_number_words finds nothing without a dash; a test for
        -- a digit here would copy the whole text into wide characters once
        -- more (as every regular expression does), for a body's every word
        RETURN setweight(to_tsvector('simple', doc) || to_tsvector('english', doc)
                         || CASE WHEN strpos(doc, '-') > 0 THEN claimdesk_number_words(doc) ELSE ''::tsvector END,
                         weight);
    END IF;
    n := length(doc);
    LOOP
        BEGIN
            RETURN setweight(to_tsvector('simple', left(doc, n)) || to_tsvector('english', left(doc, n))
                             || claimdesk_number_words(left(doc, n)), weight);
        EXCEPTION WHEN program_limit_exceeded THEN
            n := n / 2;
        END;
    END LOOP;
END;
$$;
-- +goose StatementEnd

DROP FUNCTION claimdesk_folded_words(text);

UPDATE messages SET subject = subject, header_search_vector = NULL
WHERE concat(subject, from_name, body_text, body_html) ~ '[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]';
UPDATE documents SET filename = filename WHERE filename ~ '[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]';
UPDATE file_texts SET content = content WHERE content ~ '[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]';

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION claimdesk_fold_words(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT array_remove(regexp_split_to_array(lower(translate(coalesce(t, ''),
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹøØłŁđĐı̴̵̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
        'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyoOlLdDi')), '[^a-z0-9]+'), '');
END;
-- +goose StatementEnd

DROP FUNCTION claimdesk_fold_accents(text);
