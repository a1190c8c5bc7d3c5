-- prune-remember (PostgreSQL): keeps the identity and digest of each report
-- of the
-- batch in pruned_reports (migration 11), so that a pruned report sent
-- again is a duplicate or a conflict, never stored twice.
--
-- Parameters:
--   ?1  pruned_at, Unix seconds (the time of the run)
--
-- Used by store/prune.c (store_prune()).
INSERT INTO pruned_reports(id, org_key, report_id, policy_domain, digest,
    date_begin, date_end, record_count, message_count, message,
    ingested_at, pruned_at)
SELECT r.id, r.org_key, r.report_id, r.policy_domain, r.digest,
    r.date_begin, r.date_end, r.record_count, r.message_count, r.message,
    r.ingested_at, CAST(?1 AS bigint)
FROM reports r
WHERE r.id IN (SELECT id FROM prune_batch)
ON CONFLICT (org_key, report_id, policy_domain) DO NOTHING;
