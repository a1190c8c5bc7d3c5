-- dkim-selectors: DKIM signing domains and selectors seen in reports, with
-- how many messages carried each and how many of them passed.
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
--               \set domain NULL
--               \set since NULL
--               \set until NULL
--               \i sql/pg/queries/dkim-selectors.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
-- PostgreSQL dialect of sql/queries/dkim-selectors.sql (docs/SCHEMA.md,
-- "PostgreSQL"): NULLS FIRST is SQLite's order of NULLs.
SELECT d.domain AS dkim_domain,
       d.selector AS selector,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS messages,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN d.result IS DISTINCT FROM 'pass' THEN 0
           WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS pass,
       count(DISTINCT c.source_ip) AS source_ips
FROM reports r
JOIN records c ON c.report = r.id
JOIN dkim_results d ON d.record = c.id
WHERE (CAST(:domain AS text) IS NULL OR r.policy_domain = :domain)
  AND (CAST(:until AS bigint) IS NULL OR r.date_begin < :until)
  AND (CAST(:since AS bigint) IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY d.domain, d.selector
ORDER BY messages DESC, dkim_domain NULLS FIRST, selector NULLS FIRST;
