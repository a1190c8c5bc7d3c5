-- weekly-detail-many: what failed for many records at once, by id: 0 the
-- record's id, 1 its distinct DKIM results (comma-joined, NULL when none),
-- 2 the distinct SPF results of scope mfrom (likewise), 3 1 when the
-- reporter gave a forwarding reason (forwarded, mailing_list,
-- trusted_forwarder), else 0.  No row for an id that does not exist.
--
-- Parameters:
--   ?1  the records.id, a JSON array of integers
--
-- One statement per batch of the weekly page's sample records (the
-- detailed sources', up to WEEKLY_SAMPLE each) instead of one per record:
-- 9,600 round trips a page on PostgreSQL at 10,000,000 records.
--
-- Used by report/query/weekly_src.c (weekly_read_details).
-- From sqlite3: .param set ?1 '[1,2,3]'
--               .read sql/report/weekly-detail-many.sql
SELECT c.id,
       (SELECT group_concat(DISTINCT d.result) FROM dkim_results d
          WHERE d.record = c.id),
       (SELECT group_concat(DISTINCT s.result) FROM spf_results s
          WHERE s.record = c.id AND coalesce(s.scope, 'mfrom') = 'mfrom'),
       EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id AND
          x.type IN ('forwarded', 'mailing_list', 'trusted_forwarder'))
FROM records c WHERE c.id IN (SELECT value FROM json_each(?1))
ORDER BY c.id;
