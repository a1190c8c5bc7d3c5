-- weekly-begin: opens the read transaction the weekly page's data is read
-- in (a deferred BEGIN: one snapshot for every weekly-* statement, no write
-- lock), ended by store_commit() or store_rollback().  Returns no rows.
--
-- Parameters: none.
--
-- Used by report/query/weekly.c (weekly_build).
BEGIN;
