-- Migration 7: nothing to convert.  The views (sql/views.sql) are
-- re-created after every migration, and this version bump is what makes a
-- version-6 database pick up report_stats_derived with the saturation rule
-- of docs/SCHEMA.md ("Sums of counts"), which the records triggers of
-- migration 5 read: a hand UPDATE of records then no longer fails with
-- "integer overflow".
SELECT 1;
