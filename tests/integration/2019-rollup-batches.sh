#!/usr/bin/env bash
# 2019-rollup-batches: an interval the rollup cache lacks is read in
# batches of its reports (report/query/rollup.c compute(): about 5,000
# record ids a batch, four statements a batch).  One day of one domain
# holds five reports of 3,000, 2,500, 6,200, 7 and 1 records, so the
# interval takes several batches, one report is bigger than a batch by
# itself, and the same IPs recur across reports and batches.  The cached
# rows of that day must be what SQL sums from the records themselves
# (records, messages, failing, forwarded, DKIM domains per IP): a report
# dropped or read twice at a batch's edge, or a result folded into the
# wrong record, changes them.
set -u
. "$(dirname "$0")/lib.sh"
export DB="$T/db.sqlite"
mkdir -p "$T/in"
day=1793491200		# 2026-11-01 00:00 UTC
# mkrep ID NRECORDS FIRST: a report of NRECORDS records, record i (from
# FIRST on) from IP 10.0.x.y with x.y = i mod 4000, count i mod 7 + 1,
# failing when i mod 3 = 0, signed by d(i mod 5).example, forwarded when
# i mod 11 = 0.
mkrep() {
	awk -v id="$1" -v n="$2" -v first="$3" -v b=$day -v e=$((day + 86399)) 'BEGIN {
	printf "<?xml version=\"1.0\"?>\n<feedback><report_metadata><org_name>rep.test</org_name>"
	printf "<email>d@rep.test</email><report_id>%s</report_id><date_range><begin>%d</begin>", id, b
	printf "<end>%d</end></date_range></report_metadata><policy_published><domain>batch.example</domain>", e
	printf "<p>none</p></policy_published>\n"
	for (i = first; i < first + n; i++) {
		k = i % 4000; fail = i % 3 == 0
		printf "<record><row><source_ip>10.0.%d.%d</source_ip><count>%d</count>", int(k / 256), k % 256, i % 7 + 1
		printf "<policy_evaluated><disposition>none</disposition><dkim>%s</dkim><spf>%s</spf>", fail ? "fail" : "pass", fail ? "fail" : "pass"
		if (i % 11 == 0) printf "<reason><type>forwarded</type></reason>"
		printf "</policy_evaluated></row><identifiers><header_from>batch.example</header_from></identifiers>"
		printf "<auth_results><dkim><domain>d%d.example</domain><result>%s</result></dkim>", i % 5, fail ? "fail" : "pass"
		printf "<spf><domain>batch.example</domain><result>%s</result></spf></auth_results></record>\n", fail ? "fail" : "pass"
	}
	printf "</feedback>\n" }' > "$T/in/$1.xml"
}
mkrep r1 3000 0
mkrep r2 2500 3000
mkrep r3 6200 5500
mkrep r4 7 11700
mkrep r5 1 11707
ingest -q --db "$DB" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest" 0 "$?"
check_eq "records stored" 11708 "$(q "SELECT count(*) FROM records")"

report --db "$DB" --no-dns --no-asn --since 2026-11-01 --until 2026-11-01 \
    readiness --format json > "$T/ready.json" 2>&1
check_eq "readiness" 0 "$?"
check_eq "the day is cached" 1 "$(q "SELECT count(*) FROM rollup_intervals
    WHERE policy_domain = 'batch.example' AND level = 0")"

# per IP from the records: records, messages, failing, forwarded, and the
# DKIM domains as the cache's set encoding writes them (length:domain,
# sorted)
q "SELECT c.source_ip, count(*), sum(c.count),
       sum(CASE WHEN c.dmarc_pass = 0 THEN c.count ELSE 0 END),
       sum(CASE WHEN EXISTS (SELECT 1 FROM record_reasons x
           WHERE x.record = c.id AND x.type = 'forwarded') THEN c.count ELSE 0 END),
       (SELECT group_concat(length(domain) || ':' || domain, '')
        FROM (SELECT DISTINCT d.domain FROM dkim_results d JOIN records c2
              ON c2.id = d.record WHERE c2.source_ip = c.source_ip
              ORDER BY d.domain))
   FROM records c GROUP BY c.source_ip ORDER BY c.source_ip" > "$T/want"
q "SELECT source_ip, records, messages, dmarc_fail, forwarded, dkim_domains
   FROM rollup_sources WHERE policy_domain = 'batch.example' AND level = 0
   ORDER BY source_ip" > "$T/got"
check_eq "IPs in the cache" 4000 "$(wc -l < "$T/got")"
if cmp -s "$T/want" "$T/got"; then
	DR_CHECKS=$((DR_CHECKS + 1))
else
	echo "FAIL: the cached day differs from the records (< records, > cache):"
	diff "$T/want" "$T/got" | head -10
	DR_FAILS=$((DR_FAILS + 1))
fi
# and readiness's totals are the records' (every report counted once)
check_grep "readiness counts every message" \
    "\"messages\": $(q "SELECT sum(count) FROM records")" "$T/ready.json"
finish
