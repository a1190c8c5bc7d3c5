-- Migration 13: nothing changes in SQLite.  The PostgreSQL twin
-- (sql/pg/migrations/0013-pg-sums.sql) makes report_stats_derived add
-- bigints instead of numerics there (same numbers, a cheaper COMMIT);
-- SQLite's view (sql/views.sql, made again at every open) has no such
-- cost.  The version moves in both stores so that they stay at the same
-- one (util/sqlite-to-pg.sh moves a file of its own version only).
SELECT 1;
