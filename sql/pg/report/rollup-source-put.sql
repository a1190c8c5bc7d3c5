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
-- PostgreSQL dialect of sql/report/rollup-source-put.sql:
-- jsonb_array_elements for json_each, each element cast to the column's
-- type.  jsonb, not json: json's ->> parses the element's text again for
-- each of its twelve fields (a cold page wrote 1,690,000 rows at 24 us a
-- row, 14 us of it that parsing; with jsonb 9 us).
INSERT INTO rollup_sources(policy_domain, level, date_begin, date_end,
    source_ip, records, messages, dmarc_fail, spf_fail, dkim_fail, forwarded,
    mailing_list, truncated, header_from, spf_domains, dkim_domains,
    wk_fail, wk_pass, wk_pass_dkim, wk_pass_spf, wk_sample, wk_reporters)
SELECT CAST(?1 AS text), CAST(?2 AS integer), CAST(?3 AS bigint),
       CAST(?4 AS bigint), x ->> 0, CAST(x ->> 1 AS bigint),
       CAST(x ->> 2 AS bigint), CAST(x ->> 3 AS bigint),
       CAST(x ->> 4 AS bigint), CAST(x ->> 5 AS bigint),
       CAST(x ->> 6 AS bigint), CAST(x ->> 7 AS bigint),
       CAST(x ->> 8 AS integer), x ->> 9, x ->> 10, x ->> 11,
       CAST(x ->> 12 AS bigint), CAST(x ->> 13 AS bigint),
       CAST(x ->> 14 AS bigint), CAST(x ->> 15 AS bigint), x ->> 16, x ->> 17
FROM jsonb_array_elements(CAST(?5 AS jsonb)) x;
