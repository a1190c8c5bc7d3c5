-- lite-reports: one policy domain's reports in the window, each with the
-- first and last id of its records (NULL when it has none), for the
-- record-and-result merge of report_failures_lite().  The window rule is
-- failures-records.sql's (see failures-window-domains.sql).
--
-- Parameters:
--   ?1  policy domain, lower case, e.g. example.com
--   ?2  window start, Unix seconds
--   ?3  window end, exclusive, Unix seconds
--
-- Used by report/query/failures_lite.c (report_failures_lite).
-- PostgreSQL dialect of sql/report/lite-reports.sql (docs/SCHEMA.md,
-- "PostgreSQL"): SQLite's rowid ranges are ranges of records.id here
-- (the ingest takes a report's record ids from the sequence in one block,
-- so they are neighbours; ids of other reports inside a range are
-- skipped by lite-records.sql and the C merge).  The unary + (an index
-- hint) is dropped.  SQLite has no ORDER BY and reads its index
-- reports_domain_end (date_end, date_begin, ...); the C code does not
-- depend on the order (it folds the rows into per-IP sorted sets, then
-- sorts the rows), and the ORDER BY here is that index order, made total
-- by the id.
SELECT r.id,
       (SELECT min(c.id) FROM records c WHERE c.report = r.id),
       (SELECT max(c.id) FROM records c WHERE c.report = r.id)
FROM reports r
WHERE r.policy_domain = ?1
  AND r.date_end >= ?2 AND r.date_begin < ?3
  AND (r.date_end > ?2 OR r.date_begin >= ?2)
ORDER BY r.date_end, r.date_begin, r.id;
