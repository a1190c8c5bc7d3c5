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
-- PostgreSQL dialect of sql/report/rollup-sources.sql: parameters cast.
SELECT s.date_begin, s.date_end, s.source_ip, s.records, s.messages,
       s.dmarc_fail, s.spf_fail, s.dkim_fail, s.forwarded, s.mailing_list,
       s.truncated, s.header_from, s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = CAST(?1 AS text)
  AND s.date_end >= CAST(?2 AS bigint) AND s.date_begin < CAST(?3 AS bigint)
  AND (s.date_end > CAST(?2 AS bigint) OR s.date_begin >= CAST(?2 AS bigint))
ORDER BY s.date_end, s.date_begin, s.source_ip;
