-- Search finds a claim by the words of its record a person types: the
-- insured's name, the loss address, the job's name, the company, each part
-- of its numbers and each number whole, and the insured's phone (all its
-- digits, or the last seven). Words are compared folded: lower case,
-- accents dropped ("Pena" finds Peña, "Nguyen" Nguyễn), anything but
-- letters and digits a break between words. The folding is a translate()
-- of the Latin letters with accents (and of combining accents, which it
-- drops), not the unaccent extension, which an index expression cannot
-- call (it is not immutable) and a database may not have, nor normalize(),
-- which a database not in UTF-8 refuses.
--
-- The bodies are SQL-standard (BEGIN ATOMIC): their references are bound
-- when they are made, so a restore from pg_dump, which runs with an empty
-- search_path, computes the stored words as the database did.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION claimdesk_fold_words(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT array_remove(regexp_split_to_array(lower(translate(coalesce(t, ''),
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹøØłŁđĐı̴̵̶̷̸̡̢̧̨̛̖̗̘̙̜̝̞̟̠̣̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎̀́̂̃̄̅̆̇̈̉̊̋̌̍̎̏̐̑̒̓̔̽̾̿̀́͂̓̈́͆͊͋͌̕̚ͅ͏͓͔͕͖͙͚͐͑͒͗͛ͣͤͥͦͧͨͩͪͫͬͭͮͯ͘͜͟͢͝͞͠͡',
        'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYyoOlLdDi')), '[^a-z0-9]+'), '');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION claimdesk_claim_words(job text, claim text, policy text, insured text, address text,
                                      job_name text, company text, phone text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT array_to_tsvector(
        claimdesk_fold_words(concat_ws(' ', job, claim, policy, insured, address, job_name, company))
        || array_remove(ARRAY[
            lower(regexp_replace(coalesce(job, ''), '[^A-Za-z0-9]', '', 'g')),
            lower(regexp_replace(coalesce(claim, ''), '[^A-Za-z0-9]', '', 'g')),
            lower(regexp_replace(coalesce(policy, ''), '[^A-Za-z0-9]', '', 'g')),
            p.digits, right(p.digits, 7)], ''))
    FROM (SELECT regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') AS digits) p;
END;
-- +goose StatementEnd

-- Stored, not only indexed: a search's common word reads the words of many
-- claims, and computing them again for each would take a second.
ALTER TABLE claims ADD COLUMN search_words tsvector GENERATED ALWAYS AS (claimdesk_claim_words(job_number,
    claim_number, policy_number, insured_name, loss_address, job_name, company, insured_phone)) STORED;
-- Claims change seldom and are searched often: their words go into the
-- index as they are written, not into a pending list each search reads.
CREATE INDEX claims_search_words_idx ON claims USING gin (search_words) WITH (fastupdate = off);

-- +goose Down
DROP INDEX claims_search_words_idx;
ALTER TABLE claims DROP COLUMN search_words;
DROP FUNCTION claimdesk_claim_words(text, text, text, text, text, text, text, text);
DROP FUNCTION claimdesk_fold_words(text);
