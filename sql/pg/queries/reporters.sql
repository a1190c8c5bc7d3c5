-- reporters: who sends us reports, how many and covering how much mail.
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
--               \i sql/pg/queries/reporters.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
-- reporter is the least spelling (byte order) of the reporter's name among
-- its reports (one org_key may be spelled Example.com and example.com).
-- PostgreSQL dialect of sql/queries/reporters.sql (docs/SCHEMA.md,
-- "PostgreSQL"): datetime(x, 'unixepoch') is to_char(... AT TIME ZONE
-- 'UTC', 'YYYY-MM-DD HH24:MI:SS').
SELECT min(r.org_name) AS reporter,
       count(*) AS reports,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN s.records < 0 OR s.records > 17592186044416
           THEN 9223372036854775807 ELSE s.records END AS numeric)), 0),
           9223372036854775807) AS bigint) AS records,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN s.messages < 0 OR s.messages > 17592186044416
           THEN 9223372036854775807 ELSE s.messages END AS numeric)), 0),
           9223372036854775807) AS bigint) AS messages,
       to_char(to_timestamp(min(r.date_begin)) AT TIME ZONE 'UTC',
           'YYYY-MM-DD HH24:MI:SS') COLLATE "C" AS first_begin,
       to_char(to_timestamp(max(r.date_end)) AT TIME ZONE 'UTC',
           'YYYY-MM-DD HH24:MI:SS') COLLATE "C" AS last_end
FROM reports r JOIN report_stats s ON s.report = r.id
WHERE (CAST(:domain AS text) IS NULL OR r.policy_domain = :domain)
  AND (CAST(:until AS bigint) IS NULL OR r.date_begin < :until)
  AND (CAST(:since AS bigint) IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.org_key
ORDER BY messages DESC, reporter;
