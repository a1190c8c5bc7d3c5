-- alerts-dns: the current state of each DNS object the DNS checks stored
-- for a domain (sql/migrations/0003-dns-checks.sql), with the state
-- before it.  Columns: kind, name, status, record, id (of the current
-- state), first_seen, previous status (NULL when the object never
-- changed), previous record, and from the check's JSON: SPF lookups, SPF
-- void lookups, DKIM key bits, DKIM key type (NULL when not there).
--
-- Parameters:
--   ?1  the domain checked (dns_checks.domain)
--
-- Used by report/query/alerts.c (alerts_dns).
-- PostgreSQL dialect of sql/report/alerts-dns.sql (docs/SCHEMA.md,
-- "PostgreSQL"): json_extract(j, '$.k') is j::jsonb -> 'k', a number as
-- bigint and a string as text, NULL otherwise (dmarc-report writes the
-- numbers as integers, the key type as a string).
SELECT c.kind, c.name, c.status, c.record, c.id, c.first_seen,
       p.status, p.record,
       CASE WHEN jsonb_typeof(j.v -> 'lookups') = 'number'
            THEN CAST(CAST(j.v ->> 'lookups' AS numeric) AS bigint) END,
       CASE WHEN jsonb_typeof(j.v -> 'void_lookups') = 'number'
            THEN CAST(CAST(j.v ->> 'void_lookups' AS numeric) AS bigint) END,
       CASE WHEN jsonb_typeof(j.v -> 'key_bits') = 'number'
            THEN CAST(CAST(j.v ->> 'key_bits' AS numeric) AS bigint) END,
       CASE WHEN jsonb_typeof(j.v -> 'key_type') = 'string'
            THEN (j.v ->> 'key_type') COLLATE "C" END
FROM dns_checks c
CROSS JOIN LATERAL (SELECT CAST(c.summary_json AS jsonb) AS v) j
LEFT JOIN dns_checks p ON p.id = (
	SELECT max(q.id) FROM dns_checks q
	WHERE q.domain = c.domain AND q.kind = c.kind AND q.name = c.name
	  AND q.id < c.id)
WHERE c.domain = ?1 AND c.id = (
	SELECT max(m.id) FROM dns_checks m
	WHERE m.domain = c.domain AND m.kind = c.kind AND m.name = c.name)
ORDER BY c.kind, c.name;
