-- spf-pass-dmarc-fail: the classic "SPF passed but DMARC failed" rows --
-- SPF passed for a domain that is not aligned with header_from (often a
-- mail provider's bounce domain) and DKIM did not rescue the message.
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
--               \i sql/pg/queries/spf-pass-dmarc-fail.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
-- PostgreSQL dialect of sql/queries/spf-pass-dmarc-fail.sql
-- (docs/SCHEMA.md, "PostgreSQL"): NULLS FIRST is SQLite's order of NULLs.
SELECT r.policy_domain AS domain,
       c.source_ip AS source_ip,
       c.header_from AS header_from,
       s.domain AS spf_domain,
       CAST(LEAST(coalesce(sum(CAST(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END AS numeric)), 0),
           9223372036854775807) AS bigint) AS messages
FROM reports r
JOIN records c ON c.report = r.id
JOIN spf_results s ON s.record = c.id
WHERE s.result = 'pass'
  AND c.dmarc_pass = 0
  AND (CAST(:domain AS text) IS NULL OR r.policy_domain = :domain)
  AND (CAST(:until AS bigint) IS NULL OR r.date_begin < :until)
  AND (CAST(:since AS bigint) IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY 1, 2, 3, 4
ORDER BY messages DESC, domain, source_ip, header_from NULLS FIRST,
    spf_domain NULLS FIRST;
