-- daily-volume: messages and DMARC passes per policy domain and report
-- start day (UTC), from the per-report totals kept at ingest.  pass_pct
-- is the pass rate as every output shows it: rounded down to 0.1 (93.38
-- is 93.3), NULL with no messages.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In psql bind :since/:until as Unix seconds.
--   :domain  domain  policy domain
--   :since   date    first day of the window
--   :until   date    last day of the window, inclusive
--
-- From psql (psql pastes a variable's value as is: quote text, set every
-- parameter, NULL for no filter):
--               \set domain '''example.com'''
--               \set since NULL
--               \set until NULL
--               \i sql/pg/queries/daily-volume.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have); pass_pct is
-- then NULL.  pass_pct follows the one rate rule (util/rate.h): tenths of
-- a percent rounded down, NULL when there are no messages.
-- PostgreSQL dialect of sql/queries/daily-volume.sql (docs/SCHEMA.md,
-- "PostgreSQL"): date(x, 'unixepoch') is to_char(... AT TIME ZONE 'UTC');
-- the rate is computed over numeric (no overflow) and is float8 as in
-- SQLite.
SELECT domain, day, reports, messages, dmarc_pass,
       CASE WHEN messages > 0 AND messages < 9223372036854775807
             AND dmarc_pass < 9223372036854775807 AND dmarc_pass <= messages
            THEN CAST(trunc(1000 * CAST(dmarc_pass AS numeric) / messages)
                 AS float8) / 10
       END AS pass_pct
FROM (
  SELECT r.policy_domain AS domain,
         to_char(to_timestamp(r.date_begin) AT TIME ZONE 'UTC',
             'YYYY-MM-DD') COLLATE "C" AS day,
         count(*) AS reports,
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN s.messages < 0 OR s.messages > 17592186044416
             THEN 9223372036854775807 ELSE s.messages END AS numeric)), 0),
             9223372036854775807) AS bigint) AS messages,
         CAST(LEAST(coalesce(sum(CAST(CASE WHEN s.dmarc_pass < 0 OR s.dmarc_pass > 17592186044416
             THEN 9223372036854775807 ELSE s.dmarc_pass END AS numeric)), 0),
             9223372036854775807) AS bigint) AS dmarc_pass
  FROM reports r JOIN report_stats s ON s.report = r.id
  WHERE (CAST(:domain AS text) IS NULL OR r.policy_domain = :domain)
    AND (CAST(:until AS bigint) IS NULL OR r.date_begin < :until)
    AND (CAST(:since AS bigint) IS NULL OR r.date_end > :since OR r.date_begin >= :since)
  GROUP BY 1, 2) t
ORDER BY 1, 2;
