-- daily-volume: messages and DMARC passes per policy domain and report
-- start day (UTC), from the per-report totals kept at ingest.  pass_pct
-- is the rate of util/rate.h, as every output shows it: rounded down to
-- 0.1 (93.38 is 93.3), NULL with no messages.
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
-- From sqlite3: .read sql/queries/daily-volume.sql
SELECT r.policy_domain AS domain,
       date(r.date_begin, 'unixepoch') AS day,
       count(*) AS reports,
       sum(s.messages) AS messages,
       sum(s.dmarc_pass) AS dmarc_pass,
       CASE WHEN sum(s.messages) > 0
            THEN (1000 * sum(s.dmarc_pass) / sum(s.messages)) / 10.0
       END AS pass_pct
FROM reports r JOIN report_stats s ON s.report = r.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY 1, 2
ORDER BY 1, 2;
