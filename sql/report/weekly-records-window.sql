-- weekly-records-window: the records of every report overlapping the
-- page's window, by report (a report's records in no set order: the C
-- code puts them in id order): 0 report, 1 source_ip, 2 count, 3 id,
-- 4 dmarc_pass (records.dmarc_pass, the one definition: aligned DKIM or
-- aligned SPF passed, as the reporter evaluated it), 5 and 6 whether
-- aligned DKIM and aligned SPF passed (1/0).  The failing ones become the
-- top failing sources, the passing ones the senders that pass.
--
-- Parameters:
--   ?1  window start, Unix seconds
--   ?2  window end, exclusive, Unix seconds
--
-- The reports are those of weekly-reports.sql's window or more (a report
-- ending before it begins counts when it begins inside the window, as
-- weekly.c's overlaps() says); the C code takes the rows of the reports it
-- kept and skips the others.  One statement for the window, streamed,
-- instead of one per report (on PostgreSQL, 19,500 round trips a week at
-- 10,000,000 records): per report one seek in records_report, its rows in
-- id order (the index holds the ids in that order).
--
-- Used by report/query/weekly_src.c (weekly_read_sources).
-- From sqlite3: .param set ?1 0
--               .param set ?2 4000000000
--               .read sql/report/weekly-records-window.sql
SELECT c.report, c.source_ip, c.count, c.id, c.dmarc_pass,
       c.dkim_eval IS 'pass', c.spf_eval IS 'pass'
FROM reports r JOIN records c ON c.report = r.id
WHERE r.date_begin < ?2 AND (r.date_end > ?1 OR r.date_begin >= ?1)
ORDER BY r.id;
