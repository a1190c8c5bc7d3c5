-- weekly-records-of: the records of the given reports, report after
-- report in the order given (a report's records in no set order: the C
-- code puts them in id order): 0 report, 1 source_ip, 2 count, 3 id,
-- 4 dmarc_pass (records.dmarc_pass, the one definition: aligned DKIM or
-- aligned SPF passed, as the reporter evaluated it), 5 and 6 whether
-- aligned DKIM and aligned SPF passed (1/0).  The weekly page reads the
-- records of its window's reports this way when their interval's shares
-- are not in the rollup cache (weekly-rollup-rows.sql): reports that
-- straddle the window's edges, and intervals not cached or changed since.
--
-- Parameters:
--   ?1  the report ids, a JSON array, ascending
--
-- CROSS JOIN keeps json_each the outer loop: per report one seek in
-- records_report, the reports in the order given.
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- From sqlite3: .param set ?1 '[1,2,3]'
--               .read sql/report/weekly-records-of.sql
SELECT c.report, c.source_ip, c.count, c.id, c.dmarc_pass,
       c.dkim_eval IS 'pass', c.spf_eval IS 'pass'
FROM json_each(?1) j CROSS JOIN records c
WHERE c.report = j.value;
