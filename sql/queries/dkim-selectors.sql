-- dkim-selectors: DKIM signing domains and selectors seen in reports, with
-- how many messages carried each and how many of them passed.
--
-- Parameters (NULL means "no filter"):
--   :domain  policy domain
--   :since   window start, Unix seconds
--   :until   window end, exclusive, Unix seconds
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
