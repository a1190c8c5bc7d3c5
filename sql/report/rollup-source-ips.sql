-- rollup-source-ips: the cached rows of some source IPs in one interval
-- (level 0) or block of a policy domain, columns as rollup-sources.sql, by
-- IP; no row for an IP that sent nothing there.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  level, ?3 date_begin, ?4 date_end (the interval's or the block's)
--   ?5  a JSON array of source IPs
--
-- One seek of the primary key per IP, one statement per unit for a batch
-- of IPs: the weekly page's detailed sources (report/query/weekly_ev.c)
-- need a few IPs, not the window (one statement per IP and unit was 4,800
-- round trips on PostgreSQL over the realistic 10M database).
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- From sqlite3: .param set ?1 example.com
--               .param set ?2 0
--               .param set ?3 0
--               .param set ?4 86399
--               .param set ?5 '["192.0.2.1","2001:db8::1"]'
--               .read sql/report/rollup-source-ips.sql
SELECT s.source_ip, s.records, s.messages, s.dmarc_fail, s.spf_fail,
       s.dkim_fail, s.forwarded, s.mailing_list, s.truncated, s.header_from,
       s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = ?1 AND s.level = ?2 AND s.date_end = ?4
  AND s.date_begin = ?3 AND s.source_ip IN (SELECT value FROM json_each(?5))
ORDER BY s.source_ip;
