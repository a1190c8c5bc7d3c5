-- prune-rollup-intervals: the rollup cache's fingerprints of the
-- intervals the batch's reports belong to (a prune removes whole
-- intervals: a report goes when its date_end is before the date), so
-- that no row of a removed interval is left behind.  Runs before
-- prune-reports.sql (it reads the batch's reports).
--
-- Used by store/prune.c.
DELETE FROM rollup_intervals
WHERE (policy_domain, date_end, date_begin) IN
      (SELECT r.policy_domain, r.date_end, r.date_begin FROM reports r
       WHERE r.id IN (SELECT id FROM prune_batch));
