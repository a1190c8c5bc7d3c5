-- failures-by-ip: per (policy domain, source IP), messages and the
-- messages failing DMARC (neither aligned DKIM nor aligned SPF passed, as
-- the reporters evaluated it), most failing first.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In psql bind :since/:until as Unix seconds.
--   :domain  domain  policy domain, e.g. example.com
--   :since   date    first day of the window
--   :until   date    last day of the window, inclusive
--
-- From psql (psql pastes a variable's value as is: quote text, set every
-- parameter, NULL for no filter):
--               \set domain '''example.com'''
--               \set since NULL
--               \set until NULL
--               \i sql/pg/queries/failures-by-ip.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
-- PostgreSQL dialect of sql/queries/failures-by-ip.sql (docs/SCHEMA.md,
-- "PostgreSQL"): HAVING cannot name an output column, so it repeats the
-- sum.
SELECT r.policy_domain AS domain,
       c.source_ip AS source_ip,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS messages,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.dmarc_pass <> 0 THEN 0
           WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS dmarc_fail,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.spf_eval IS DISTINCT FROM 'fail' THEN 0
           WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS spf_fail,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.dkim_eval IS DISTINCT FROM 'fail' THEN 0
           WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS dkim_fail,
       count(DISTINCT r.org_key) AS reporters
FROM reports r JOIN records c ON c.report = r.id
WHERE (CAST(:domain AS text) IS NULL OR r.policy_domain = :domain)
  AND (CAST(:until AS bigint) IS NULL OR r.date_begin < :until)
  AND (CAST(:since AS bigint) IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.policy_domain, c.source_ip
HAVING CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.dmarc_pass <> 0 THEN 0
           WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) > 0
ORDER BY dmarc_fail DESC, messages DESC, domain, source_ip;
