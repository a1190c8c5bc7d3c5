-- rollup-source-ip: the cached row of one source IP in one interval
-- (level 0) or block of a policy domain, columns as rollup-sources.sql;
-- no row when the IP sent nothing there.
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  level, ?3 date_begin, ?4 date_end (the interval's or the block's)
--   ?5  source IP
--
-- One seek of the primary key: the weekly page's detailed sources
-- (report/query/weekly_ev.c) need a few IPs, not the window.
--
-- Used by report/query/rollup.c (report_failures_rollup).
-- PostgreSQL dialect of sql/report/rollup-source-ip.sql: parameters cast.
SELECT s.source_ip, s.records, s.messages, s.dmarc_fail, s.spf_fail,
       s.dkim_fail, s.forwarded, s.mailing_list, s.truncated, s.header_from,
       s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = CAST(?1 AS text) AND s.level = CAST(?2 AS integer) AND s.date_end = CAST(?4 AS bigint)
  AND s.date_begin = CAST(?3 AS bigint) AND s.source_ip = CAST(?5 AS text);
