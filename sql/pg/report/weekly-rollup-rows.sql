-- weekly-rollup-rows: what the weekly page takes from the cached rows of
-- the given intervals (rollup level 0, migration 14): 0 the interval's
-- index in ?1, 1 source_ip, 2 wk_fail, 3 wk_pass, 4 wk_pass_dkim,
-- 5 wk_pass_spf, 6 wk_sample, 7 wk_reporters.  In no set order.
--
-- Parameters:
--   ?1  the intervals, a JSON array of [policy_domain, date_begin,
--       date_end]
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- PostgreSQL dialect of sql/report/weekly-rollup-rows.sql:
-- jsonb_array_elements WITH ORDINALITY for json_each (its key from 0),
-- per interval one range of the primary key (LATERAL ... OFFSET 0).
SELECT x.n - 1, s.source_ip, s.wk_fail, s.wk_pass, s.wk_pass_dkim,
       s.wk_pass_spf, s.wk_sample, s.wk_reporters
FROM jsonb_array_elements(CAST(?1 AS jsonb)) WITH ORDINALITY x(e, n)
CROSS JOIN LATERAL (SELECT s.source_ip, s.wk_fail, s.wk_pass,
                           s.wk_pass_dkim, s.wk_pass_spf, s.wk_sample,
                           s.wk_reporters
                    FROM rollup_sources s
                    WHERE s.policy_domain = x.e ->> 0 AND s.level = 0
                      AND s.date_end = CAST(x.e ->> 2 AS bigint)
                      AND s.date_begin = CAST(x.e ->> 1 AS bigint)
                      AND (s.wk_fail <> 0 OR s.wk_pass <> 0)
                    OFFSET 0) s;
