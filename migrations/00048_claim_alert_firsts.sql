-- Each claim's first deadline among its alerts showing, and how many show,
-- stretch by stretch of time, so that the SLA board ranks and counts the
-- claims with paperwork due, and the API counts the alerts showing, from one
-- row per claim instead of every showing alert of the office (an office has
-- 10,000 open claims with about three alerts showing each).
--
-- A claim's alerts show over stretches of time (claim_alerts.shows_from to
-- shows_until); between two consecutive ends of those stretches the alerts
-- showing do not change. claim_alert_firsts holds one row per such stretch
-- in which at least one alert shows, with the earliest deadline among them
-- (NULL when none of them has one) and their number: at any instant a claim
-- has at most one row showing. The refresh that replaces a claim's alerts
-- replaces these rows with them (storage.replaceClaimAlerts); the foreign
-- key takes them along when the claim moves to another office or is
-- deleted, as it does the alerts.

-- +goose Up
CREATE TABLE claim_alert_firsts (
    claim_id    bigint      NOT NULL,
    office_id   bigint      NOT NULL,
    shows_from  timestamptz NOT NULL,
    shows_until timestamptz NOT NULL,
    first_due   timestamptz,
    alerts      integer     NOT NULL,
    PRIMARY KEY (claim_id, shows_from),
    FOREIGN KEY (claim_id, office_id) REFERENCES claims (id, office_id) ON UPDATE CASCADE ON DELETE CASCADE,
    CHECK (shows_from < shows_until)
);
-- The board ranks the claims by walking their stretches soonest due first
-- and keeping those showing: only a few hundred come before an office's
-- first fifty claims, where grouping read every showing alert.
CREATE INDEX claim_alert_firsts_due_idx ON claim_alert_firsts (first_due, claim_id)
    INCLUDE (office_id, shows_from, shows_until);
-- The counts read this index alone: the range on shows_until leaves the
-- past stretches unread.
CREATE INDEX claim_alert_firsts_office_until_idx ON claim_alert_firsts (office_id, shows_until)
    INCLUDE (shows_from, alerts);

INSERT INTO claim_alert_firsts (claim_id, office_id, shows_from, shows_until, first_due, alerts)
SELECT s.claim_id, s.office_id, s.at, s.next, min(a.due_at), count(*)
FROM (SELECT claim_id, office_id, at, lead(at) OVER (PARTITION BY claim_id ORDER BY at) AS next
      FROM (SELECT claim_id, office_id, shows_from FROM claim_alerts
            UNION SELECT claim_id, office_id, shows_until FROM claim_alerts) AS ends (claim_id, office_id, at)) AS s
JOIN claim_alerts a ON a.claim_id = s.claim_id AND a.shows_from <= s.at AND a.shows_until > s.at
WHERE s.next IS NOT NULL
GROUP BY s.claim_id, s.office_id, s.at, s.next;

-- +goose Down
DROP TABLE claim_alert_firsts;
