#!/usr/bin/env bash
# bench/prune-bench.sh [SRC_DB [BEFORE [BATCH]]] -- retention on a big
# database: `dmarc-report prune --before BEFORE` (default: the first day
# of the second month in SRC_DB, i.e. one month removed), timed, while
# `dmarc-report failures --domain example.com` runs in a loop beside it;
# prints the prune's wall time and rate, and the reader's latencies (runs,
# median, 90th percentile, max) before (idle) and during the prune.
#
# SRC_DB (default /tmp/b10m-alerts.sqlite: 10,000,000 records made by
# bench/gen-db) is never written: it is copied with its -wal (the copy is
# the database as committed) into a temp dir, removed at the end.
#
# Env: BENCH_BUILD (dir of dmarc-report, default build-rel, else build),
# BENCH_TMP (where the copy goes, default /tmp), BENCH_DOMAIN (example.com).
# Never fails on time; fails when the prune fails or a reader run fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-/tmp/b10m-alerts.sqlite}
build=${BENCH_BUILD:-}
if [ -z "$build" ]; then
	build=$here/../build-rel
	[ -x "$build/dmarc-report" ] || build=$here/../build
fi
report=$build/dmarc-report
domain=${BENCH_DOMAIN:-example.com}
[ -f "$src" ] || { echo "prune-bench: no $src (make one with bench/gen-db)" >&2; exit 66; }
[ -x "$report" ] || { echo "prune-bench: no $report (build first)" >&2; exit 66; }

tmp=$(mktemp -d "${BENCH_TMP:-/tmp}/prune-bench.XXXXXX")
reader_pid=
cleanup() {
	[ -n "$reader_pid" ] && kill "$reader_pid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
: > "$tmp/empty.conf"
export DMARC_RUA_CONFIG=$tmp/empty.conf
db=$tmp/db.sqlite

echo "copying $src ($(du -h "$src" | cut -f1)) ..."
cp "$src" "$db"
[ -f "$src-wal" ] && cp "$src-wal" "$db-wal"
# the prune migrates the copy to schema 11 first (a table, two indexes):
# done here, outside the timed run
"$report" --db "$db" prune --before 2000-01-01 > /dev/null

before=${2:-$(sqlite3 -readonly "$db" "SELECT date(min(date_end), 'unixepoch',
    'start of month', '+1 month') FROM reports")}
batch=${3:-500}
before_s=$(date -u -d "$before" +%s)
read -r n_rep n_rec <<< "$(sqlite3 -readonly -separator ' ' "$db" "SELECT count(*),
    coalesce(sum(record_count), 0) FROM reports WHERE date_end < $before_s")"
read -r t_rep t_rec <<< "$(sqlite3 -readonly -separator ' ' "$db" "SELECT count(*),
    coalesce(sum(record_count), 0) FROM reports")"
echo "database: $t_rep reports, $t_rec records; prune --before $before:" \
    "$n_rep reports, $n_rec records; --batch $batch"

# One reader: failures for one domain over the last 7 days, in a loop;
# one latency (ms) per line in $1, until $tmp/stop exists.
reader() {
	local t0 t1
	while [ ! -e "$tmp/stop" ]; do
		t0=$(date +%s%N)
		"$report" --db "$db" --domain "$domain" --no-dns --no-asn \
		    failures > /dev/null 2>> "$tmp/reader.err" ||
		    echo "FAIL $?" >> "$tmp/reader.err"
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000000)) >> "$1"
	done
}

stats() {	# $1: latencies file
	sort -n "$1" | awk '{ v[NR] = $1 } END {
	    if (NR == 0) { print "no runs"; exit }
	    p = int(NR * 0.9 + 0.5); if (p < 1) p = 1
	    printf "%d runs, median %d ms, p90 %d ms, max %d ms\n", NR,
	        v[int((NR + 1) / 2)], v[p], v[NR] }'
}

# Idle latencies first (the same loop, 10 s).
reader "$tmp/idle.ms" & reader_pid=$!
sleep 10
touch "$tmp/stop"; wait "$reader_pid"; reader_pid=
rm -f "$tmp/stop"
echo "failures, idle:         $(stats "$tmp/idle.ms")"

reader "$tmp/busy.ms" & reader_pid=$!
sleep 1
t0=$(date +%s%N)
"$report" --db "$db" prune --before "$before" --batch "$batch" \
    --format json > "$tmp/prune.json"
t1=$(date +%s%N)
touch "$tmp/stop"; wait "$reader_pid"; reader_pid=
ms=$(((t1 - t0) / 1000000))
echo "failures, during prune: $(stats "$tmp/busy.ms")"
python3 - "$tmp/prune.json" "$ms" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1])); ms = int(sys.argv[2])
r = j["removed"]
print("prune: %.1f s wall, %d transactions: %d reports, %d records, "
      "%d dkim_results, %d spf_results removed (%.0f records/s); kept %d "
      "reports" % (ms / 1000, j["transactions"], r["reports"], r["records"],
      r["dkim_results"], r["spf_results"], r["records"] * 1000 / max(ms, 1),
      j["kept"]["reports"]))
EOF
sqlite3 -readonly "$db" 'PRAGMA quick_check' | sed 's/^/quick_check: /'
du -h "$db-wal" 2> /dev/null | cut -f1 | sed 's/^/WAL after the prune: /'
if grep -q . "$tmp/reader.err" 2> /dev/null; then
	echo "prune-bench: a reader run failed:"; head -5 "$tmp/reader.err"
	exit 1
fi
