-- rollup-source-put: one cached row (sql/migrations/0012-rollup.sql).
--
-- Parameters: ?1 policy domain, ?2 level, ?3 date_begin, ?4 date_end,
--   ?5 source_ip, ?6 records, ?7 messages, ?8 dmarc_fail, ?9 spf_fail,
--   ?10 dkim_fail, ?11 forwarded, ?12 mailing_list, ?13 truncated,
--   ?14 header_from, ?15 spf_domains, ?16 dkim_domains
--
-- Used by report/query/rollup.c (report_failures_rollup), after
-- rollup-interval-clear.sql in the same transaction.
-- PostgreSQL dialect of sql/report/rollup-source-put.sql: the same text.
INSERT INTO rollup_sources(policy_domain, level, date_begin, date_end,
    source_ip, records, messages, dmarc_fail, spf_fail, dkim_fail, forwarded,
    mailing_list, truncated, header_from, spf_domains, dkim_domains)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
    ?16);
