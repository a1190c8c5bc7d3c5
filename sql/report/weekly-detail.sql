-- weekly-detail: what failed for one record: the distinct DKIM results
-- (comma-joined, NULL when none), the distinct SPF results of scope mfrom
-- (likewise), and 1 when the reporter gave a forwarding reason
-- (forwarded, mailing_list, trusted_forwarder), else 0.  No row when the
-- record does not exist.
--
-- Parameters:
--   ?1  records.id
--
-- Used by report/query/weekly_src.c (weekly_read_details), reset per record.
-- From sqlite3: .param set ?1 1
--               .read sql/report/weekly-detail.sql
SELECT (SELECT group_concat(DISTINCT d.result) FROM dkim_results d
          WHERE d.record = c.id),
       (SELECT group_concat(DISTINCT s.result) FROM spf_results s
          WHERE s.record = c.id AND coalesce(s.scope, 'mfrom') = 'mfrom'),
       EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id AND
          x.type IN ('forwarded', 'mailing_list', 'trusted_forwarder'))
FROM records c WHERE c.id = ?1;
