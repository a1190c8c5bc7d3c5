-- rollup-source-put: one cached row (sql/migrations/0012-rollup.sql).
--
-- Parameters: ?1 policy domain, ?2 date_begin, ?3 date_end, ?4 source_ip,
--   ?5 records, ?6 messages, ?7 dmarc_fail, ?8 spf_fail, ?9 dkim_fail,
--   ?10 forwarded, ?11 mailing_list, ?12 truncated, ?13 header_from,
--   ?14 spf_domains, ?15 dkim_domains
--
-- Used by report/query/rollup.c (report_failures_rollup), after
-- rollup-interval-clear.sql in the same transaction.
-- PostgreSQL dialect of the SQLite file of the same name: the same text
-- (INSERT ... ON CONFLICT is in both dialects).
INSERT INTO rollup_sources(policy_domain, date_begin, date_end, source_ip,
    records, messages, dmarc_fail, spf_fail, dkim_fail, forwarded,
    mailing_list, truncated, header_from, spf_domains, dkim_domains)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15);
