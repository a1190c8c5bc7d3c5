-- weekly-rollup-rows: what the weekly page takes from the cached rows of
-- the given intervals (rollup level 0, migration 14), one row per source
-- IP with failing or passing messages: 0 the interval's index in ?1,
-- 1 source_ip, 2 wk_fail, 3 wk_pass, 4 wk_pass_dkim, 5 wk_pass_spf,
-- 6 wk_sample, 7 wk_reporters (sql/migrations/0014-rollup-week.sql says
-- what they hold).  In no set order.
--
-- Parameters:
--   ?1  the intervals, a JSON array of [policy_domain, date_begin,
--       date_end]
--
-- One range of the primary key per interval.
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- From sqlite3: .param set ?1 '[["example.com",1794182400,1794268799]]'
--               .read sql/report/weekly-rollup-rows.sql
SELECT j.key, s.source_ip, s.wk_fail, s.wk_pass, s.wk_pass_dkim,
       s.wk_pass_spf, s.wk_sample, s.wk_reporters
FROM json_each(?1) j CROSS JOIN rollup_sources s
WHERE s.policy_domain = j.value ->> 0 AND s.level = 0
  AND s.date_end = j.value ->> 2 AND s.date_begin = j.value ->> 1
  AND (s.wk_fail <> 0 OR s.wk_pass <> 0);
