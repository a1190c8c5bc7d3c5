-- rollup-sources: the cached rows of one interval (level 0) or block of
-- a policy domain, one per source IP (sql/migrations/0012-rollup.sql):
-- 0 source_ip, 1 records, 2 messages, 3 dmarc_fail, 4 spf_fail,
-- 5 dkim_fail, 6 forwarded, 7 mailing_list, 8 truncated, 9 header_from,
-- 10 spf_domains, 11 dkim_domains.  Read only when its fingerprint is
-- current (rollup-cached.sql).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  level, ?3 date_begin, ?4 date_end (the interval's or the block's)
--
-- One range of the primary key.
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 0
--               .param set ?4 86399
--               .read sql/report/rollup-sources.sql
SELECT s.source_ip, s.records, s.messages, s.dmarc_fail, s.spf_fail,
       s.dkim_fail, s.forwarded, s.mailing_list, s.truncated, s.header_from,
       s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = ?1 AND s.level = ?2 AND s.date_end = ?4
  AND s.date_begin = ?3
ORDER BY s.source_ip;
