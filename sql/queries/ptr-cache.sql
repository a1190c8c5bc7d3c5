-- ptr-cache: the reverse-DNS names dmarc-report has cached, with whether
-- each was forward-confirmed and when it expires.
--
-- Parameters (NULL means "no filter"):
--   :ip  one source IP
--
-- From sqlite3: .read sql/queries/ptr-cache.sql
SELECT ip, status, name,
       CASE fcrdns WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE 'unknown' END AS fcrdns,
       ttl,
       datetime(fetched_at, 'unixepoch') AS fetched,
       datetime(expires_at, 'unixepoch') AS expires
FROM ptr_cache
WHERE (:ip IS NULL OR ip = :ip)
ORDER BY ip;
