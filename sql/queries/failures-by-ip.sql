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
SELECT r.policy_domain AS domain,
       c.source_ip AS source_ip,
       sum(c.count) AS messages,
       sum(CASE WHEN c.dmarc_pass THEN 0 ELSE c.count END) AS dmarc_fail,
       sum(CASE WHEN c.spf_eval = 'fail' THEN c.count ELSE 0 END) AS spf_fail,
       sum(CASE WHEN c.dkim_eval = 'fail' THEN c.count ELSE 0 END) AS dkim_fail,
       count(DISTINCT r.org_key) AS reporters
FROM reports r JOIN records c ON c.report = r.id
WHERE (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY r.policy_domain, c.source_ip
HAVING dmarc_fail > 0
ORDER BY dmarc_fail DESC, messages DESC, domain, source_ip;
