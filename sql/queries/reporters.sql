-- reporters: who sends us reports, how many and covering how much mail.
--
-- Parameters (NULL means "no filter"):
--   :domain  policy domain
--   :since   window start, Unix seconds
--   :until   window end, exclusive, Unix seconds
--
-- From sqlite3: .read sql/queries/reporters.sql
SELECT r.org_name AS reporter,
       count(*) AS reports,
       sum(s.records) AS records,
       sum(s.messages) AS messages,
       datetime(min(r.date_begin), 'unixepoch') AS first_begin,
       datetime(max(r.date_end), 'unixepoch') AS last_end
FROM reports r JOIN report_stats s ON s.report = r.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.org_key
ORDER BY messages DESC, reporter;
