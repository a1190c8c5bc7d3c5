-- weekly-rollup-intervals: the cached intervals (rollup level 0,
-- sql/migrations/0012-rollup.sql) of the given policy domains that lie
-- wholly in the page's window, with the fingerprint they were computed
-- from: 0 policy_domain, 1 date_begin, 2 date_end, 3 reports, 4 id_sum,
-- 5 id_max, 6 record_sum, 7 message_sum, 8 ingested_max.  The weekly page
-- compares each with the same figures over the reports it read
-- (weekly-reports.sql) and takes the sources of those that match from
-- the cache (weekly-rollup-rows.sql).
--
-- Parameters:
--   ?1  window start, Unix seconds
--   ?2  window end, exclusive, Unix seconds
--   ?3  the policy domains, a JSON array of strings
--
-- One range of the primary key per domain.
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- From sqlite3: .param set ?1 1795996800
--               .param set ?2 1796601600
--               .param set ?3 '["example.com"]'
--               .read sql/report/weekly-rollup-intervals.sql
SELECT i.policy_domain, i.date_begin, i.date_end, i.reports, i.id_sum,
       i.id_max, i.record_sum, i.message_sum, i.ingested_max
FROM json_each(?3) j CROSS JOIN rollup_intervals i
WHERE i.policy_domain = j.value AND i.level = 0
  AND i.date_end > ?1 AND i.date_end <= ?2
  AND i.date_begin >= ?1 AND i.date_begin < i.date_end;
