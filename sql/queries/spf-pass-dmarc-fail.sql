-- spf-pass-dmarc-fail: the classic "SPF passed but DMARC failed" rows --
-- SPF passed for a domain that is not aligned with header_from (often a
-- mail provider's bounce domain) and DKIM did not rescue the message.
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
-- From sqlite3: .read sql/queries/spf-pass-dmarc-fail.sql
-- Sums saturate (docs/SCHEMA.md, "Sums of counts"): 9223372036854775807
-- means "not known" (a hand-edited count no report can have).
SELECT r.policy_domain AS domain,
       c.source_ip AS source_ip,
       c.header_from AS header_from,
       s.domain AS spf_domain,
       CAST(total(CASE WHEN c.count < 0 OR c.count > 1099511627776
           THEN 9223372036854775807 ELSE c.count END) AS INTEGER) AS messages
FROM reports r
JOIN records c ON c.report = r.id
JOIN spf_results s ON s.record = c.id
WHERE s.result = 'pass'
  AND NOT c.dmarc_pass
  AND (:domain IS NULL OR r.policy_domain = :domain)
  AND (:until IS NULL OR r.date_begin < :until)
  AND (:since IS NULL OR r.date_end > :since OR r.date_begin >= :since)
GROUP BY 1, 2, 3, 4
ORDER BY messages DESC, domain, source_ip, header_from, spf_domain;
