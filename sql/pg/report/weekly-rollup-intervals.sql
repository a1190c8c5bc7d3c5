-- weekly-rollup-intervals: the cached intervals (rollup level 0) of the
-- given policy domains that lie wholly in the page's window, with their
-- fingerprints: 0 policy_domain, 1 date_begin, 2 date_end, 3 reports,
-- 4 id_sum, 5 id_max, 6 record_sum, 7 message_sum, 8 ingested_max.
--
-- Parameters:
--   ?1  window start, Unix seconds
--   ?2  window end, exclusive, Unix seconds
--   ?3  the policy domains, a JSON array of strings
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- PostgreSQL dialect of sql/report/weekly-rollup-intervals.sql:
-- jsonb_array_elements_text for json_each, parameters cast.
SELECT i.policy_domain, i.date_begin, i.date_end, i.reports, i.id_sum,
       i.id_max, i.record_sum, i.message_sum, i.ingested_max
FROM jsonb_array_elements_text(CAST(?3 AS jsonb)) j(d)
CROSS JOIN LATERAL (SELECT * FROM rollup_intervals i
                    WHERE i.policy_domain = j.d AND i.level = 0
                      AND i.date_end > CAST(?1 AS bigint)
                      AND i.date_end <= CAST(?2 AS bigint)
                      AND i.date_begin >= CAST(?1 AS bigint)
                      AND i.date_begin < i.date_end) i;
