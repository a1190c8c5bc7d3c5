-- reporters: who sends us reports, how many and covering how much mail.
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
-- From sqlite3: .read sql/queries/reporters.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
-- reporter is the least spelling (byte order) of the reporter's name among
-- its reports (one org_key may be spelled Example.com and example.com).
SELECT min(r.org_name) AS reporter,
       count(*) AS reports,
       CAST(total(CASE WHEN s.records < 0 OR s.records > 17592186044416
           THEN 9223372036854775807 ELSE s.records END) AS INTEGER) AS records,
       CAST(total(CASE WHEN s.messages < 0 OR s.messages > 17592186044416
           THEN 9223372036854775807 ELSE s.messages END) AS INTEGER) AS messages,
       datetime(min(r.date_begin), 'unixepoch') AS first_begin,
       datetime(max(r.date_end), 'unixepoch') AS last_end
FROM reports r JOIN report_stats s ON s.report = r.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.org_key
ORDER BY messages DESC, reporter;
