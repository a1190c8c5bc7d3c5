-- daily-volume: messages and DMARC passes per policy domain and report
-- start day (UTC), from the per-report totals kept at ingest.  pass_pct
-- is the pass rate as every output shows it: rounded down to 0.1 (93.38
-- is 93.3), NULL with no messages.
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
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have); pass_pct is
-- then NULL.  pass_pct follows the one rate rule (util/rate.h): tenths of
-- a percent rounded down, NULL when there are no messages.
SELECT domain, day, reports, messages, dmarc_pass,
       CASE WHEN messages > 0 AND messages < 9223372036854775807
             AND dmarc_pass < 9223372036854775807 AND dmarc_pass <= messages
            THEN (1000 * dmarc_pass / messages) / 10.0
       END AS pass_pct
FROM (
  SELECT r.policy_domain AS domain,
         date(r.date_begin, 'unixepoch') AS day,
         count(*) AS reports,
         CAST(total(CASE WHEN s.messages < 0 OR s.messages > 17592186044416
             THEN 9223372036854775807 ELSE s.messages END) AS INTEGER) AS messages,
         CAST(total(CASE WHEN s.dmarc_pass < 0 OR s.dmarc_pass > 17592186044416
             THEN 9223372036854775807 ELSE s.dmarc_pass END) AS INTEGER) AS dmarc_pass
  FROM reports r JOIN report_stats s ON s.report = r.id
  WHERE (:domain IS NULL OR r.policy_domain = :domain)
    AND (:until IS NULL OR r.date_begin < :until)
    AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
  GROUP BY 1, 2)
ORDER BY 1, 2;
