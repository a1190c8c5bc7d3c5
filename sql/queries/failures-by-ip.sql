-- failures-by-ip: per (policy domain, source IP), messages and the
-- messages failing DMARC (neither aligned DKIM nor aligned SPF passed, as
-- the reporters evaluated it), most failing first.
--
-- Parameters (NULL means "no filter"), one line each: :name, type, meaning.
-- Types (dmarc-report checks key=value against them; `query --list`):
-- date YYYY-MM-DD (bound as Unix seconds: 00:00 UTC; :until the next
-- day's, the day being inclusive), domain (lower case, A-labels), int
-- (decimal), text.  In sqlite3 bind :since/:until as Unix seconds.
--   :domain  domain  policy domain, e.g. example.com
--   :since   date    first day of the window
--   :until   date    last day of the window, inclusive
--
-- From sqlite3: .param set :domain example.com
--               .read sql/queries/failures-by-ip.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
SELECT r.policy_domain AS domain,
       c.source_ip AS source_ip,
       CAST(total(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS messages,
       CAST(total(CASE WHEN c.dmarc_pass THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS dmarc_fail,
       CAST(total(CASE WHEN c.spf_eval IS NOT 'fail' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS spf_fail,
       CAST(total(CASE WHEN c.dkim_eval IS NOT 'fail' THEN 0 WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS dkim_fail,
       count(DISTINCT r.org_key) AS reporters
FROM reports r JOIN records c ON c.report = r.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.policy_domain, c.source_ip
HAVING dmarc_fail > 0
ORDER BY dmarc_fail DESC, messages DESC, domain, source_ip;
