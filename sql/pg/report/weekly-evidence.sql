-- weekly-evidence: one record with its DKIM and SPF results, for the
-- classification of the weekly page's detailed sources (issue 12): one
-- row per (DKIM result, SPF result), NULLs where the record has none, as
-- failures-records.sql gives them.
--
-- Columns: 0 c.count, 1 c.dmarc_pass (the one definition of DMARC pass:
-- sql/migrations/0005-one-definition.sql), 2 c.header_from, 3 d.domain,
-- 4 s.domain, 5 the record has a reporter reason forwarded or
-- trusted_forwarder, 6 it has a reason mailing_list (1 or 0).  No row
-- when the record does not exist.
--
-- Parameters:
--   ?1  records.id
--
-- Used by report/query/weekly_ev.c (weekly_read_evidence), reset per
-- record: the page's scan (weekly-records.sql) chains the ids of each
-- (domain, IP), and only the records of the top sources are read here.
-- PostgreSQL dialect of sql/report/weekly-evidence.sql (docs/SCHEMA.md,
-- "PostgreSQL"): EXISTS is cast to the integer 1/0; the ORDER BY says the
-- order SQLite's loop gives (the results in document order, as
-- failures-records.sql), PostgreSQL may hash join.
SELECT c.count, c.dmarc_pass, c.header_from, d.domain, s.domain,
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type IN ('forwarded', 'trusted_forwarder')) AS integer),
       CAST(EXISTS (SELECT 1 FROM record_reasons x WHERE x.record = c.id
               AND x.type = 'mailing_list') AS integer)
FROM records c
LEFT JOIN dkim_results d ON d.record = c.id
LEFT JOIN spf_results s ON s.record = c.id
WHERE c.id = ?1
ORDER BY d.seq NULLS FIRST, s.seq NULLS FIRST;
