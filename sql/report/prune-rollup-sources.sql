-- prune-rollup-sources: the rollup cache's rows of the intervals the
-- batch's reports belong to (see prune-rollup-intervals.sql).  Runs
-- before prune-reports.sql.
--
-- Used by store/prune.c.
DELETE FROM rollup_sources
WHERE (policy_domain, date_end, date_begin) IN
      (SELECT r.policy_domain, r.date_end, r.date_begin FROM reports r
       WHERE r.id IN (SELECT id FROM prune_batch));
