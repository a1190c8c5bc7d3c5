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
SELECT d.domain AS dkim_domain,
       d.selector AS selector,
       sum(c.count) AS messages,
       sum(CASE WHEN d.result = 'pass' THEN c.count ELSE 0 END) AS pass,
       count(DISTINCT c.source_ip) AS source_ips
FROM reports r
JOIN records c ON c.report = r.id
JOIN dkim_results d ON d.record = c.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY d.domain, d.selector
ORDER BY messages DESC, dkim_domain, selector;
