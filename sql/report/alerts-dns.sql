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
SELECT c.kind, c.name, c.status, c.record, c.id, c.first_seen,
       p.status, p.record,
       json_extract(c.summary_json, '$.lookups'),
       json_extract(c.summary_json, '$.void_lookups'),
       json_extract(c.summary_json, '$.key_bits'),
       json_extract(c.summary_json, '$.key_type')
FROM dns_checks c
LEFT JOIN dns_checks p ON p.id = (
	SELECT max(q.id) FROM dns_checks q
	WHERE q.domain = c.domain AND q.kind = c.kind AND q.name = c.name
	  AND q.id < c.id)
WHERE c.domain = ?1 AND c.id = (
	SELECT max(m.id) FROM dns_checks m
	WHERE m.domain = c.domain AND m.kind = c.kind AND m.name = c.name)
ORDER BY c.kind, c.name;
