#!/usr/bin/env bash
# tests/golden/golden.sh -- every dmarc-report command in every format, for
# refactors that must not change a byte of output.
#
# usage: tests/golden/golden.sh BUILD_DIR OUT_DIR [BENCH_DB]
#
# Ingests samples/ with BUILD_DIR's dmarc-ingest into a fresh database, then
# runs each command below over it (and over BENCH_DB, a database made by
# bench/gen-db, when given) and writes one file per command to OUT_DIR:
# stdout, then "== stderr ==" and stderr, then "== exit N ==".  The HTML
# page is kept without its generation time.  DNS-dependent commands run
# against a real NSD serving tests/dns/zones (each on a fresh copy of the
# samples database, since they write the PTR and check caches).
#
# Record before the change, run again after, then `diff -r OLD NEW`:
#     tests/golden/golden.sh /tmp/old-build /tmp/golden-old /tmp/bench1m.sqlite
#     tests/golden/golden.sh build          /tmp/golden-new /tmp/bench1m.sqlite
#     diff -r /tmp/golden-old /tmp/golden-new
# When the change migrates the schema, give the new build a copy of
# BENCH_DB migrated by its own dmarc-ingest (run on an empty Maildir): the
# answers must not depend on the schema version.
# BENCH_SINCE/BENCH_UNTIL (YYYY-MM-DD) fix the bench window; the default is
# the 30 days up to the newest report in BENCH_DB.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:?usage: golden.sh BUILD_DIR OUT_DIR [BENCH_DB]}" && pwd)
OUT=${2:?usage: golden.sh BUILD_DIR OUT_DIR [BENCH_DB]}
BENCH=${3:-}
T=$(mktemp -d /tmp/dr-golden-XXXXXX)
. "$SRC/tests/dns/nsd-run.sh"
trap 'nsd_stop 2>/dev/null; rm -rf "$T"' EXIT
rm -rf "$OUT" && mkdir -p "$OUT"

# run NAME ARGS...: one command, its output in $OUT/NAME
run() {
	local name=$1
	shift
	"$BUILD/dmarc-report" "$@" >"$OUT/$name" 2>"$T/err"
	local rc=$?
	{ echo "== stderr =="; cat "$T/err"; echo "== exit $rc =="; } >>"$OUT/$name"
}
# html_strip FILE: the page without its generation time
html_strip() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?( UTC|Z)?/TIME/g' "$1"; }

cp -a "$SRC/samples/maildir" "$T/maildir"
"$BUILD/dmarc-ingest" --no-progress -q --db "$T/s.sqlite" "$T/maildir" 2>/dev/null
# the database the ingest wrote, as SQL text, without times of the run
sqlite3 "$T/s.sqlite" .dump | sed -E "s/\b(179[6-9][0-9]{6}|18[0-9]{8})\b/NOW/g" >"$OUT/s-ingest.sql"
S="--db $T/s.sqlite --since 2026-11-09 --until 2026-11-15"
SALL="--db $T/s.sqlite --since 2026-11-01 --until 2026-11-30"

for fmt in table csv json; do
	run "s-summary.$fmt" $S --no-dns summary --format $fmt
	run "s-summary-all.$fmt" $SALL --no-dns summary --format $fmt
	run "s-failures.$fmt" $S --no-dns failures --format $fmt
	run "s-failures-all.$fmt" $SALL --no-dns failures --all --format $fmt
	run "s-failures-dom.$fmt" $S --no-dns --domain example.com failures --format $fmt
	run "s-sources.$fmt" $S --no-dns sources --format $fmt
	run "s-reports.$fmt" $S reports --format $fmt
	run "s-reports-rej.$fmt" $SALL reports --rejected --format $fmt
	run "s-reports-allrej.$fmt" $SALL reports --all-rejected --format $fmt
	for qn in $("$BUILD/dmarc-report" --db "$T/s.sqlite" query --list 2>/dev/null | awk 'NR > 1 {print $1}'); do
		run "s-query-$qn.$fmt" $SALL query "$qn" --format $fmt
	done
done
run "help" --help
run "help-failures" help failures
run "help-check" check --help
run "no-command"
run "s-query-list" --db "$T/s.sqlite" query --list
run "s-query-bad" --db "$T/s.sqlite" query no-such-query
run "s-nodb" --db "$T/none.sqlite" summary
run "s-empty-window" --db "$T/s.sqlite" --since 2020-01-01 --until 2020-01-02 --no-dns failures
"$BUILD/dmarc-report" --db "$T/s.sqlite" --no-dns html --week 2026-W46 -o "$T/w.html" 2>"$T/err"
echo "exit $?" >"$OUT/s-html.status"; cat "$T/err" >>"$OUT/s-html.status"
html_strip "$T/w.html" >"$OUT/s-html.html"

# DNS: a real NSD with the test zones; each command on a fresh copy
if nsd_start >/dev/null; then
	DNS="--dns-server 127.0.0.1:$NSD_PORT"
	fresh() { rm -f "$T/d.sqlite"*; cp "$T/s.sqlite" "$T/d.sqlite"; }
	D="--db $T/d.sqlite --since 2026-11-09 --until 2026-11-15 $DNS"
	for fmt in table csv json; do
		fresh; run "d-summary.$fmt" $D summary --format $fmt
		fresh; run "d-failures.$fmt" $D failures --all --format $fmt
		fresh; run "d-sources.$fmt" $D sources --format $fmt
		for z in valid.test badrua.test nodmarc.test twospf.test void.test loop.test macro.test; do
			fresh; run "d-check-$z.$fmt" $D check "$z" --ip 192.0.2.1 --format $fmt
		done
	done
	fresh; "$BUILD/dmarc-report" --db "$T/d.sqlite" $DNS html --week 2026-W46 -o "$T/w.html" 2>"$T/err"
	echo "exit $?" >"$OUT/d-html.status"; cat "$T/err" >>"$OUT/d-html.status"
	html_strip "$T/w.html" >"$OUT/d-html.html"
	fresh; run "d-dead-failures.table" --db "$T/d.sqlite" --since 2026-11-09 --until 2026-11-15 --dns-server 127.0.0.1:9 failures
else
	echo "golden: nsd did not start: DNS commands not recorded" >&2
	[ -z "${CI:-}" ] || exit 1
fi

if [ -n "$BENCH" ]; then
	if [ -z "${BENCH_UNTIL:-}" ]; then
		last=$(sqlite3 "$BENCH" "SELECT max(date_end) FROM reports")
		BENCH_UNTIL=$(date -u -d "@$last" +%F)
		BENCH_SINCE=$(date -u -d "@$((last - 29 * 86400))" +%F)
	fi
	echo "$BENCH_SINCE $BENCH_UNTIL" >"$OUT/b-window"
	B="--db $BENCH --since $BENCH_SINCE --until $BENCH_UNTIL --no-dns"
	for fmt in table csv json; do
		run "b-summary.$fmt" $B summary --format $fmt
		run "b-failures.$fmt" $B --domain example.com failures --format $fmt
		run "b-sources.$fmt" $B --domain example.org sources --format $fmt
		run "b-reports.$fmt" $B reports --format $fmt
		run "b-query-failures-by-ip.$fmt" $B query failures-by-ip --format $fmt
	done
	last_week=$(date -u -d "$BENCH_UNTIL" +%G-W%V)
	"$BUILD/dmarc-report" --db "$BENCH" --no-dns html --week "$last_week" -o "$T/w.html" 2>"$T/err"
	echo "exit $?" >"$OUT/b-html.status"; cat "$T/err" >>"$OUT/b-html.status"
	html_strip "$T/w.html" >"$OUT/b-html.html"
fi
# paths of the temp dir and the times of DNS checks differ between runs
today=$(date -u +%F)
sed -i -E -e "s|$T|TMP|g" -e 's/"checked_at": [0-9]+/"checked_at": TIME/' \
    -e "s/${today}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?/TIME/g" "$OUT"/*
echo "golden: $(ls "$OUT" | wc -l) outputs in $OUT"
