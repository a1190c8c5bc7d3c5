#!/usr/bin/env bash
# bench/page-pairs.sh [-n PAIRS] [--asn] BIN_A DB_A BIN_B DB_B
#
# The weekly page of two builds (or two databases), run in interleaved
# pairs -- A, B, A, B, ... -- so that the machine's drift (on a shared
# 2-CPU VM the same build's page measured 2.2 s and 3.4 s within one
# hour) falls on both alike.  Each run: the wall time, the client's CPU
# (user + system), and for a PostgreSQL database whose data directory
# is given in PG_DATA, the server's CPU (what the postmaster's children
# used meanwhile, from /proc).  Then the best, the median and the worst
# of each side.  Never fails on time; the pages are compared (the
# generation time aside) and a difference is said.
#
#   BIN_A, BIN_B   dmarc-report binaries (e.g. an older build's and this one)
#   DB_A, DB_B     a SQLite file or a PostgreSQL conninfo (PGPASSFILE and
#                  the libpq environment as for dmarc-report)
#   -n PAIRS       pairs to run (default 4)
#   --asn          with ASN, AS names and PTR names from the caches
#                  (--no-dns only; default --no-asn too)
#
# Env: BENCH_NOW (default 1796515199: the 10,000,000-record database of
# bench/gen-db made on 2026-12-06), PG_DATA (the server's data directory,
# for its CPU), DMARC_RUA_CONFIG (default: an empty file, so that no
# /etc/dmarc-rua.conf changes the page).
# Example (docs/SCALE.md, "The week from the rollup"):
#   PG_DATA=/tmp/dr-pg-X/primary bench/page-pairs.sh old/dmarc-report \
#       "host=127.0.0.1 port=5432 dbname=b10m" build-rel/dmarc-report \
#       "host=127.0.0.1 port=5432 dbname=b10m14"
set -u
pairs=4 asn=--no-asn
while [ $# -gt 0 ]; do
	case $1 in
	-n) pairs=$2; shift 2 ;;
	--asn) asn=; shift ;;
	*) break ;;
	esac
done
[ $# -eq 4 ] || { sed -n '2,3p' "$0" >&2; exit 64; }
command -v /usr/bin/time > /dev/null || { echo "page-pairs: needs GNU time (Debian package time)" >&2; exit 69; }
now=${BENCH_NOW:-1796515199}
tmp=$(mktemp -d) || exit 70
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/empty.conf"
export DMARC_RUA_CONFIG=${DMARC_RUA_CONFIG:-$tmp/empty.conf}
tk=$(getconf CLK_TCK)

# server_cpu: the CPU ticks of the postmaster's children so far, or empty
server_cpu() {
	local pm
	[ -n "${PG_DATA:-}" ] && [ -r "$PG_DATA/postmaster.pid" ] || return 0
	pm=$(head -1 "$PG_DATA/postmaster.pid")
	awk '{ print $16 + $17 }' "/proc/$pm/stat" 2> /dev/null
}

# one SIDE BIN DB: a run, its line printed and kept in $tmp/SIDE
one() {
	local side=$1 bin=$2 db=$3 c0 c1 out srv=
	c0=$(server_cpu)
	out=$(DMARC_RUA_NOW=$now /usr/bin/time -f '%e %U %S %M' "$bin" --db "$db" \
	    html --now "$now" --no-dns $asn -o "$tmp/$side.html" 2>&1)
	case $out in
	*"non-zero status"*)
		echo "WARNING: $side: $(printf '%s\n' "$out" | head -1)" ;;
	esac
	out=$(printf '%s\n' "$out" | tail -1)
	sleep 0.3	# the server's last statements end after the client's exit
	c1=$(server_cpu)
	set -- $out
	[ -n "$c0" ] && srv=$(awk -v a="$c0" -v b="$c1" -v t="$tk" 'BEGIN { printf "%.2f", (b - a) / t }')
	printf '%s: wall %s s, client %s s, %s MiB%s\n' "$side" "$1" \
	    "$(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')" \
	    "$(awk -v k="$4" 'BEGIN { printf "%.0f", k / 1024 }')" \
	    "${srv:+, server $srv s}"
	echo "$1" >> "$tmp/$side"
	[ ! -f "$tmp/$side.html" ] || sed -i 's/generated [^<]*//' "$tmp/$side.html"
}

for i in $(seq 1 "$pairs"); do
	one A "$1" "$2"
	one B "$3" "$4"
done
for side in A B; do
	sort -n "$tmp/$side" | awk -v s=$side '{ v[NR] = $1 } END {
	    printf "%s: best %s s, median %s s, worst %s s (%d runs)\n", s, v[1],
	    v[int((NR + 1) / 2)], v[NR], NR }'
done
cmp -s "$tmp/A.html" "$tmp/B.html" && echo "the same page" ||
    echo "THE PAGES DIFFER"
