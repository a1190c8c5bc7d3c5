-- rollup-source-put: cached rows of one interval (level 0) or block
-- (sql/migrations/0012-rollup.sql), many in one statement: a JSON array
-- with one array per row, [source_ip, records, messages, dmarc_fail,
-- spf_fail, dkim_fail, forwarded, mailing_list, truncated, header_from,
-- spf_domains, dkim_domains, wk_fail, wk_pass, wk_pass_dkim, wk_pass_spf,
-- wk_sample, wk_reporters (migration 14)] -- one round trip for thousands
-- of rows.
--
-- Parameters: ?1 policy domain, ?2 level, ?3 date_begin, ?4 date_end,
--   ?5 the rows, JSON (strings escaped by report/query/rollup.c)
--
-- Used by report/query/rollup.c (report_failures_rollup), after
-- rollup-interval-clear.sql in the same transaction.
INSERT INTO rollup_sources(policy_domain, level, date_begin, date_end,
    source_ip, records, messages, dmarc_fail, spf_fail, dkim_fail, forwarded,
    mailing_list, truncated, header_from, spf_domains, dkim_domains,
    wk_fail, wk_pass, wk_pass_dkim, wk_pass_spf, wk_sample, wk_reporters)
SELECT ?1, ?2, ?3, ?4, j.value ->> 0, j.value ->> 1, j.value ->> 2,
       j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6,
       j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10,
       j.value ->> 11, j.value ->> 12, j.value ->> 13, j.value ->> 14,
       j.value ->> 15, j.value ->> 16, j.value ->> 17
FROM json_each(?5) j;
