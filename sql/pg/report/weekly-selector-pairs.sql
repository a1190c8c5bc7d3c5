-- weekly-selector-pairs: every (DKIM d= domain, selector) pair some
-- report names, distinct, sorted: domain, selector.
--
-- Parameters: none.
--
-- Used by report/query/weekly_src.c (weekly_read_selectors).
-- PostgreSQL: the same statement as sql/report/weekly-selector-pairs.sql
-- (docs/SCHEMA.md, "PostgreSQL").
SELECT DISTINCT domain, selector FROM report_selectors
ORDER BY domain, selector;
