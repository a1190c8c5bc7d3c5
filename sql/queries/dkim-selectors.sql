-- dkim-selectors: DKIM signing domains and selectors seen in reports, with
-- how many messages carried each and how many of them passed.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In sqlite3 bind :since/:until as Unix seconds.
--   :domain  domain  policy domain
--   :since   date    first day of the window
--   :until   date    last day of the window, inclusive
--
-- From sqlite3: .read sql/queries/dkim-selectors.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
SELECT d.domain AS dkim_domain,
       d.selector AS selector,
       CAST(total(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS messages,
       CAST(total(CASE WHEN d.result IS NOT 'pass' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS pass,
       count(DISTINCT c.source_ip) AS source_ips
FROM reports r
JOIN records c ON c.report = r.id
JOIN dkim_results d ON d.record = c.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY d.domain, d.selector
ORDER BY messages DESC, dkim_domain, selector;
