-- rollup-sources: the cached rows of one policy domain's intervals in the
-- window, one per (interval, source IP): 0 date_begin, 1 date_end,
-- 2 source_ip, 3 records, 4 messages, 5 dmarc_fail, 6 spf_fail,
-- 7 dkim_fail, 8 forwarded, 9 mailing_list, 10 truncated, 11 header_from,
-- 12 spf_domains, 13 dkim_domains (sql/migrations/0012-rollup.sql).
-- The reader uses the rows of the intervals whose fingerprint is current
-- (rollup-cached.sql) and skips the others.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 4000000000
--               .read sql/report/rollup-sources.sql
SELECT s.date_begin, s.date_end, s.source_ip, s.records, s.messages,
       s.dmarc_fail, s.spf_fail, s.dkim_fail, s.forwarded, s.mailing_list,
       s.truncated, s.header_from, s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = ?1
  AND s.date_end >= ?2 AND s.date_begin < ?3
  AND (s.date_end > ?2 OR s.date_begin >= ?2)
ORDER BY s.date_end, s.date_begin, s.source_ip;
