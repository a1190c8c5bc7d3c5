#!/usr/bin/env bash
# 2018-rollup-cache: the window rollup (sql/migrations/0012-rollup.sql) is a
# cache: readiness and the weekly page give, byte for byte, what a fresh
# computation gives (the same database with the cache emptied before the
# run) -- on the run that fills it, on the next runs that read it (whole
# blocks of days and single intervals), after DELETE FROM the cache, after
# a new report lands in a day already cached, after a prune, and with a
# hand-broken cache row.  A prune leaves no cache row of what it removed.
# Reports from the templates of 2016 (tests/data/readiness/), 24 days from
# 2026-11-01, two reporters.
set -u
. "$(dirname "$0")/lib.sh"
export DB="$T/db.sqlite"
base=1793491200		# 2026-11-01 00:00 UTC
mkdir -p "$T/late"
rollup_fixtures
# A hostile header_from (quote, backslash, digits and ':' as the cache's
# set encoding writes them, a tab, non-ASCII) in one row: cached as
# written, read back the same.
rollup_mk service 2 rep-a.test -hostile
# Two reports straddle the edges of week W47 (2026-11-16 .. 22), from noon
# to noon: their intervals are not wholly in the page's window, so the
# page shares out their records while the rest of its week comes from
# the cache (migration 14); their sources' reporters and first failing
# records then come from both, and must come in the same order.
for day in 14 21; do
	ROLLUP_BASE=$((base + 43200)) rollup_mk service $day rep-c.test -straddle
done
sample_reports		# 192.0.2.99: 30 failing records, 16 on the page (lib.sh)
sed -i '0,/<header_from>service.example</s//<header_from>3:a"b\\c:12:x\t\xc3\xa9\&amp;</' \
    "$T/in/service-2-rep-a.test-hostile.xml"
ingest -q --db "$DB" "$T"/in/*.xml >/dev/null 2>&1
check_eq "ingest" 0 "$?"

NOW=1795651200		# 2026-11-27
R=(--no-dns --no-asn --since 2026-11-01 --until 2026-11-24)
# runs NAME: readiness (json, csv), --inventory, a 6-day window, and the
# weekly page, into $T/NAME.*
runs() {
	report --db "$DB" "${R[@]}" readiness --format json >"$T/$1.r.json" 2>&1
	report --db "$DB" "${R[@]}" readiness --format csv >"$T/$1.r.csv" 2>&1
	report --db "$DB" "${R[@]}" readiness --inventory >"$T/$1.inv" 2>&1
	report --db "$DB" --no-dns --no-asn --since 2026-11-05 --until 2026-11-10 \
	    readiness --format json >"$T/$1.r6.json" 2>&1
	[ -z "${COLD:-}" ] || clear_cache
	DMARC_RUA_THREADS=${COLD:+1} report --db "$DB" --no-dns --no-asn html \
	    --week 2026-W47 --now $NOW -o "$T/$1.html" >/dev/null 2>&1
	[ -z "${COLD:-}" ] || clear_cache
	DMARC_RUA_THREADS=${COLD:+1} report --db "$DB" --no-dns --no-asn html \
	    --now $NOW -o "$T/$1.last.html" >/dev/null 2>&1
}
clear_cache() { q "DELETE FROM rollup_sources; DELETE FROM rollup_intervals"; }
# fresh NAME: the answers computed without a cache; the pages with an
# empty one and one connection (its readiness, which fills the cache,
# after its week): their weeks from the records only.
fresh() { clear_cache; COLD=1 runs "$1"; }
# same A B LABEL: every output of runs A equals B's
same() {
	local f ok=1
	for f in r.json r.csv inv r6.json html last.html; do
		if ! cmp -s "$T/$1.$f" "$T/$2.$f"; then
			echo "FAIL: $3: $f differs from a fresh computation"
			diff "$T/$2.$f" "$T/$1.$f" | head -6
			ok=0
		fi
	done
	DR_CHECKS=$((DR_CHECKS + 1))
	[ $ok = 1 ] || DR_FAILS=$((DR_FAILS + 1))
}
fresh ref
check_grep "readiness answers" '"verdict": "ready-for-reject"' "$T/ref.r.json"
check_grep "the page shows the verdict" "ready-for-reject" "$T/ref.html"
check_eq "the fresh run filled the cache" 1 \
    "$(q 'SELECT count(*) > 0 FROM rollup_sources WHERE level = 0')"
check_eq "with blocks of days" 1 \
    "$(q 'SELECT count(*) > 0 FROM rollup_sources WHERE level > 0')"
check_eq "a hostile value cached as written (length-prefixed)" \
    "$(printf '16:3:a"b\\c:12:x\t\xc3\xa9&15:service.example')" \
    "$(q "SELECT header_from FROM rollup_sources WHERE level = 0 AND source_ip = '198.51.100.20' AND date_begin = $((base + 2 * 86400))")"
runs warm1
same warm1 ref "warm (read from the cache)"
check_eq "the cache holds the weekly page's shares (migration 14)" 1 \
    "$(q "SELECT count(*) > 0 FROM rollup_sources WHERE level = 0 AND wk_fail > 0
	  AND wk_sample <> '' AND wk_reporters <> ''")"
check_eq "... and the passing ones" 1 \
    "$(q "SELECT count(*) > 0 FROM rollup_sources WHERE level = 0 AND wk_pass > 0
	  AND wk_pass_dkim > 0")"
check_eq "... for intervals only" 0 \
    "$(q "SELECT count(*) FROM rollup_sources WHERE level > 0 AND (wk_fail <> 0
	  OR wk_pass <> 0 OR wk_sample <> '' OR wk_reporters <> '')")"
check_grep "a straddling report's reporter is on the page" "rep-c\.test" "$T/ref.html"
# 192.0.2.99's first 16 failing records (samp-a's, then samp-b's, which
# straddles the week's end): what failed, from them only.
grep 'class="ip">192\.0\.2\.99<' "$T/warm1.html" > "$T/s99"
check_grep "192.0.2.99: its first records' failures" "signature did not verify.*not signed|not signed.*signature did not verify" "$T/s99"
check_grep "... softfail from the straddling report" "softfail" "$T/s99"
check_eq "... nothing from its 17th record on" 0 "$(grep -c 'error or neutral' "$T/s99")"
# The page's week is read from the cache: a changed cached share (the
# fingerprint kept) moves the page -- so warm1 = ref is not the records
# twice.
cp "$DB" "$T/probe.sqlite"
DB="$T/probe.sqlite" q "UPDATE rollup_sources SET wk_fail = wk_fail * 1000, wk_pass = wk_pass * 7 WHERE level = 0"
report --db "$T/probe.sqlite" --no-dns --no-asn html --week 2026-W47 --now $NOW \
    -o "$T/probe.html" >/dev/null 2>&1
check_differs "the weekly page reads its week from the cache" "$T/probe.html" "$T/ref.html"
# A malformed cached share (hand-edited): the page reads its week from
# the records, the same bytes.
for bad in "wk_sample = '12x'" "wk_reporters = '3:999:rep'" "wk_reporters = '3:4:nobody'" "wk_fail = -5"; do
	cp "$DB" "$T/probe.sqlite"
	DB="$T/probe.sqlite" q "UPDATE rollup_sources SET $bad WHERE (policy_domain,
	    level, date_end, date_begin, source_ip) IN (SELECT policy_domain, level,
	    date_end, date_begin, source_ip FROM rollup_sources WHERE level = 0
	    AND wk_fail > 0 AND date_begin >= 1794787200 AND date_end < 1795392000 LIMIT 1)"
	report --db "$T/probe.sqlite" --no-dns --no-asn html --week 2026-W47 \
	    --now $NOW -o "$T/probe.html" >/dev/null 2>&1
	check_eq "a malformed cached share ($bad): the page as from the records" "" \
	    "$(cmp "$T/probe.html" "$T/ref.html" 2>&1)"
done
# The page reads its readiness ahead on a second connection, in a thread
# (cmd_readiness.c): the same bytes as one connection read after the
# other (DMARC_RUA_THREADS=1), for every domain and for one.  Week W47
# has no report of small.example, which the 28 days of its readiness
# hold: the read ahead computes it and the page leaves it out.
check_grep "small.example is in readiness's 28 days" small.example "$T/ref.r.csv"
check_eq "... not in the page's week" 0 "$(grep -c small.example "$T/ref.html")"
for dom in "" --domain=service.example; do
	for t in 1 2; do
		DMARC_RUA_THREADS=$t report --db "$DB" --no-dns --no-asn ${dom:+"$dom"} \
		    html --week 2026-W47 --now $NOW -o "$T/t$t.html" >/dev/null 2>&1
	done
	check_eq "read ahead or not: the same page ${dom:-(every domain)}" "" \
	    "$(cmp "$T/t1.html" "$T/t2.html" 2>&1)"
done
check_eq "the one-connection page is the reference one" "" \
    "$(DMARC_RUA_THREADS=1 report --db "$DB" --no-dns --no-asn html --week 2026-W47 \
    --now $NOW -o "$T/t1.html" >/dev/null 2>&1; cmp "$T/t1.html" "$T/ref.html" 2>&1)"
# The read ahead also reads the PTR and ASN caches for readiness's rows
# (--no-dns: the caches only).  A cached PTR name of Microsoft 365 for the
# spoofer 203.0.113.67 makes it a service that is not set up: the verdict
# changes, the same with one connection or two.
cp "$DB" "$T/keep-ptr.sqlite"
q "INSERT INTO ptr_cache(ip, status, name, fcrdns, ttl, fetched_at, expires_at)
    VALUES ('203.0.113.67', 'ok', 'mail-x.outbound.protection.outlook.com', 1,
    3600, 1795000000, 4000000000)"
for t in 1 2; do
	DMARC_RUA_THREADS=$t report --db "$DB" --no-dns html --week 2026-W47 --now $NOW \
	    -o "$T/p$t.html" >/dev/null 2>&1
done
check_grep "the cached PTR name names the service in the verdict" "Microsoft 365" "$T/p2.html"
check_eq "read ahead or not, with the caches: the same page" "" \
    "$(cmp "$T/p1.html" "$T/p2.html" 2>&1)"
cp "$T/keep-ptr.sqlite" "$DB"; rm -f "$DB-wal" "$DB-shm"
runs warm2
same warm2 ref "warm again"
# The cache is read: a changed cached row (fingerprint kept) moves the
# answer -- so the equalities above are not the fresh path twice.
cp "$DB" "$T/probe.sqlite"
DB="$T/probe.sqlite" q "UPDATE rollup_sources SET messages = messages + 1000000"
DB="$T/probe.sqlite" runs probe
check_differs "readiness reads the cache" "$T/probe.r.json" "$T/ref.r.json"

clear_cache
runs deleted
same deleted ref "after DELETE FROM the cache"

# A new report in a day (interval) already cached: the fingerprint differs,
# that interval and its block are computed again.
rollup_mk service 10 rep-c.test -late
mv "$T/in/service-10-rep-c.test-late.xml" "$T/late/"
ingest -q --db "$DB" "$T/late/service-10-rep-c.test-late.xml" >/dev/null 2>&1
check_eq "late report stored" 0 "$?"
runs late
cp "$DB" "$T/keep.sqlite"
fresh ref2
same late ref2 "a new report in a cached interval"
if cmp -s "$T/ref2.r.json" "$T/ref.r.json"; then
	echo "FAIL: the late report did not change the answer (test data)"
	DR_FAILS=$((DR_FAILS + 1))
fi
DR_CHECKS=$((DR_CHECKS + 1))

# A hand-broken row (a set that does not parse): the domain is computed
# from the records, the answer unchanged.
cp "$T/keep.sqlite" "$DB"; rm -f "$DB-wal" "$DB-shm"
q "UPDATE rollup_sources SET header_from = '99:x' WHERE (policy_domain, level, date_end, date_begin, source_ip) IN (SELECT policy_domain, level, date_end, date_begin, source_ip FROM rollup_sources LIMIT 1)"
runs broken
same broken ref2 "a malformed cache row"

# Prune: every cache row of what went is gone, and the answers equal a
# fresh computation.
report --db "$DB" prune --before 2026-11-08 >/dev/null 2>&1
check_eq "prune exit" 0 "$?"
check_eq "no cache row of pruned intervals" 0 \
    "$(q "SELECT count(*) FROM rollup_sources WHERE date_end < 1794096000 OR (level > 0 AND date_begin < 1794096000)")"
check_eq "no fingerprint of pruned intervals" 0 \
    "$(q "SELECT count(*) FROM rollup_intervals WHERE date_end < 1794096000 OR (level > 0 AND date_begin < 1794096000)")"
runs pruned
fresh ref3
same pruned ref3 "after a prune"
finish
