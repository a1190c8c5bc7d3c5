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
-- PostgreSQL: sql/report/rollup-source-ips.sql with casts and jsonb for
-- json_each (docs/SCHEMA.md, "PostgreSQL").
SELECT s.source_ip, s.records, s.messages, s.dmarc_fail, s.spf_fail,
       s.dkim_fail, s.forwarded, s.mailing_list, s.truncated, s.header_from,
       s.spf_domains, s.dkim_domains
FROM rollup_sources s
WHERE s.policy_domain = CAST(?1 AS text) AND s.level = CAST(?2 AS integer)
  AND s.date_end = CAST(?4 AS bigint) AND s.date_begin = CAST(?3 AS bigint)
  AND s.source_ip IN (SELECT jsonb_array_elements_text(CAST(?5 AS jsonb)))
ORDER BY s.source_ip;
