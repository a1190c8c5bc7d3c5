#!/usr/bin/env bash
# bench/pg-bench.sh [SCENARIO...] -- SQLite and PostgreSQL side by side.
# Prints figures; never fails on time.
#
# Scenarios (default: all, in this order):
#   small  10,000 small-report messages (bench/gen-maildir, 3 records each)
#          into a fresh database of each store, BENCH_RUNS runs (default 3)
#          interleaved (SQLite, PostgreSQL, SQLite, ...): messages/s (wall
#          and by CPU), peak RSS of dmarc-ingest.
#   hosts  the same messages split over three Maildirs, three dmarc-ingest
#          at once into one fresh PostgreSQL database (three "hosts"):
#          messages/s together, against one dmarc-ingest on all of them.
#   big    one report of 1,000,000 records (bench/gen-report): records/s,
#          peak RSS of dmarc-ingest (the client's, not the server's).
#   grow   a 1,000,000-record database made by dmarc-ingest itself in both
#          stores (25,000 messages x 40 records): sizes, and the report
#          commands below at 1M records (the growth from 1M to 10M).
#   10m    the 10,000,000-record database BENCH_SRC10M (default
#          /tmp/b10m-alerts.sqlite, bench/gen-db, schema 10: never written;
#          copied, with its -wal) loaded into PostgreSQL with
#          util/sqlite-to-pg.sh, then VACUUM ANALYZE (load time printed);
#          sizes (pg_total_relation_size per table, the SQLite file); then
#          `failures --domain example.com` (7 days), `summary --days 30`
#          and the weekly `html`, each on both stores, three runs
#          interleaved, --now BENCH_NOW (1796515199: the end of that
#          database) --no-dns --no-asn.
#   page   the weekly page (html --now BENCH_NOW) and readiness (28 days)
#          over copies of the 10M database in both stores (loaded as for
#          10m): the first run with the window rollup empty (cold: it
#          fills the cache), BENCH_RUNS warm runs, readiness alone; then
#          one more day of reports (bench/gen-day: BENCH_DAY_REPORTS,
#          default 2784, x 40 records, into the last day of the page's
#          readiness window, an interval already cached) is ingested and
#          the page runs again (the incremental cost), then warm once more;
#          then with enrichment: PTR, ASN and AS-name caches filled (in SQL,
#          the same rows in both stores) for every source IP, the page
#          with ASN on and --no-dns (the caches only), 1 + BENCH_RUNS runs.
#          Wall, CPU and max RSS of each run; whether both stores give the
#          same page.
#   prune  `dmarc-report prune` of the oldest month of the 10M database on
#          PostgreSQL while `failures` runs in a loop beside it (only when
#          this build's prune works on PostgreSQL; otherwise says why).
#
# The server: tests/pg/pg-run.sh (initdb as an unprivileged user, a UTF-8
# locale, fsync/synchronous_commit/full_page_writes on -- real commits),
# then these settings, a small production-like server rather than the
# tests' 16 MB: shared_buffers 512MB, max_wal_size 4GB.  Loopback TCP with
# scram-sha-256 (PG_CONNINFO), as a client on another host would connect.
#
# Env: BENCH_BUILD   build dir (default build-rel: cmake -S . -B build-rel
#                    -DCMAKE_BUILD_TYPE=Release; built when missing)
#      BENCH_RUNS    runs of each timed case (default 3)
#      BENCH_MSGS BENCH_RECORDS   sizes of small/hosts and big
#      BENCH_SRC10M BENCH_NOW     see 10m (BENCH_NOW for a database
#                    gen-db made on another day: the last second of its
#                    last day, `SELECT max(date_begin) + 86399 FROM reports`)
#      GEN_SHAPE=realistic  page's extra day from the populations of a
#                    `gen-db --realistic` BENCH_SRC10M (bench/gen-day)
#      PG_BENCH_KEEP=1   keep the server's directory at the end (the loaded
#                    10M database is in it: the load takes minutes); its
#                    path is printed
#      PG_BENCH_DIR=DIR  reuse such a kept directory: start its server
#                    again (a new port); the 10m scenario finds the 10M
#                    database loaded and only runs the queries.  Kept again.
#      BENCH_PG_TRUST=0  without GRANT SET ON PARAMETER
#                    session_replication_role to the ingest role (the
#                    foreign-key checks stay: slower ingest)
#      BENCH_OUT     where the generated files go (default a temp dir,
#                    removed at the end)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
build=${BENCH_BUILD:-$src/build-rel}
runs=${BENCH_RUNS:-3}
msgs=${BENCH_MSGS:-10000}
recs=${BENCH_RECORDS:-1000000}
src10m=${BENCH_SRC10M:-/tmp/b10m-alerts.sqlite}
now=${BENCH_NOW:-1796515199}
scen=${*:-small hosts big grow 10m page prune}
for s in $scen; do
	case $s in
	small|hosts|big|grow|10m|page|prune) ;;
	*) echo "usage: bench/pg-bench.sh [small|hosts|big|grow|10m|page|prune]..." >&2; exit 64 ;;
	esac
done
want() { case " $scen " in *" $1 "*) return 0 ;; esac; return 1; }

if [ ! -x "$build/dmarc-ingest" ] || [ ! -x "$build/dmarc-report" ]; then
	echo "== building $build (Release)"
	cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null &&
	    cmake --build "$build" -j2 --target dmarc-ingest dmarc-report > /dev/null ||
	    { echo "pg-bench: build failed" >&2; exit 70; }
fi
ingest=$build/dmarc-ingest
report=$build/dmarc-report
[ -x /usr/bin/time ] && /usr/bin/time -v true > /dev/null 2>&1 ||
    { echo "pg-bench: GNU time needed (Debian package time)" >&2; exit 69; }

if [ -n "${BENCH_OUT:-}" ]; then
	out=$BENCH_OUT; mkdir -p "$out"
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/pg-bench-XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi
: > "$out/empty.conf"
export DMARC_RUA_CONFIG=$out/empty.conf

# ---- the server ------------------------------------------------------------------
. "$src/tests/pg/pg-run.sh"
pg_find || { echo "pg-bench: $PG_WHY" >&2; exit 69; }
bench_conf() {
	cat >> "$1/postgresql.conf" <<-EOF
	# bench/pg-bench.sh
	shared_buffers = 512MB
	max_wal_size = 4GB
	EOF
}
if [ -n "${PG_BENCH_DIR:-}" ]; then
	[ -d "$PG_BENCH_DIR/primary" ] && [ -f "$PG_BENCH_DIR/pgpass" ] ||
	    { echo "pg-bench: $PG_BENCH_DIR is not a kept server directory (PG_BENCH_KEEP=1)" >&2; exit 66; }
	export DR_KEEP=1
	PG_DIR=$PG_BENCH_DIR PG_SOCK=$PG_BENCH_DIR/sock PG_LOG=$PG_BENCH_DIR/primary.log
	export PG_DIR PG_SOCK PG_LOG
	pg__os_user || exit 1
	pg__trap
	pg__start_server "$PG_DIR/primary" "$PG_LOG" || exit 1
	PG_PORT=$PG__PORT PG_USER=$PG_TEST_USER PG_DB=dmarc
	PG_SUPER="host=$PG_SOCK port=$PG_PORT user=postgres"
	PG_CONNINFO="host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$PG_DB"
	PGPASSFILE=$PG_DIR/pgpass
	export PG_PORT PG_USER PG_DB PG_SUPER PG_CONNINFO PGPASSFILE
	# pg__conf appended the tests' settings again: ours after them
	bench_conf "$PG_DIR/primary"
	pg_stop && pg_start_again || { echo "pg-bench: restart failed" >&2; exit 1; }
else
	[ "${PG_BENCH_KEEP:-0}" = 1 ] && export DR_KEEP=1
	pg_run_start || exit 1
	bench_conf "$PG_DIR/primary"
	pg_stop && pg_start_again || { echo "pg-bench: restart failed" >&2; exit 1; }
fi
[ "${DR_KEEP:-0}" = 1 ] && echo "server directory (kept; reuse with PG_BENCH_DIR=$PG_DIR): $PG_DIR"
psql_db() { # DBNAME SQL -- as superuser, -At
	PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 \
	    "$PG_SUPER dbname=$1" -c "$2"
}
pgconn() { echo "host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=$1"; }
# dmarc-ingest skips the per-row foreign-key trigger events when its role
# may set session_replication_role (store/pg.c pg_trust_writes; the grant
# docs/POSTGRESQL.md recommends).  BENCH_PG_TRUST=0 measures without it.
if [ "${BENCH_PG_TRUST:-1}" = 1 ]; then
	psql_db postgres "GRANT SET ON PARAMETER session_replication_role TO $PG_USER"
else
	psql_db postgres "REVOKE SET ON PARAMETER session_replication_role FROM $PG_USER"
fi

echo "dmarc-rua: SQLite and PostgreSQL side by side: $ingest ($(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")), $(nproc) CPUs, $(uname -sr)"
echo "PostgreSQL $(psql_db postgres 'SHOW server_version') on 127.0.0.1:$PG_PORT (TCP, scram), fsync $(psql_db postgres 'SHOW fsync'), synchronous_commit $(psql_db postgres 'SHOW synchronous_commit'), shared_buffers $(psql_db postgres 'SHOW shared_buffers'), jit $(psql_db postgres 'SHOW jit'), ingest role may skip FK triggers: ${BENCH_PG_TRUST:-1}"
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average at the start: $(loadavg)"

# timed CMD... -- sets SECS (wall), CPU (user+sys), RSS (MiB), RC
timed() {
	local log=$out/time.log t0 t1
	t0=$(date +%s.%N)
	/usr/bin/time -v -o "$log" "$@"
	RC=$?
	t1=$(date +%s.%N)
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")
	CPU=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 }
	    END { printf "%.2f", s }' "$log")
}
# srv_cpu DBNAME -- in the background (SRVPID): the CPU time (user+sys, s)
# of the server backend of the next dmarc-ingest on DBNAME, sampled until
# it exits (to 0.1 s), into $out/srv.cpu.  Where a run's time goes: the
# client's CPU, the server's, and what neither used (waits, other load).
srv_cpu() {
	( pid="" last=0
	  for i in $(seq 1 400); do
		pid=$(psql_db postgres "SELECT pid FROM pg_stat_activity WHERE
		    application_name = 'dmarc-ingest' AND datname = '$1' LIMIT 1")
		[ -n "$pid" ] && break
		sleep 0.05
	  done
	  while [ -n "$pid" ] && t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null); do
		last=$t
		sleep 0.1
	  done
	  awk -v t="$last" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }' > "$out/srv.cpu" ) &
	SRVPID=$!
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# the SQLite count and the PostgreSQL count of stored reports/records
count_lite() { sqlite3 "$1" 'SELECT count(*) || "/" || coalesce(sum(record_count), 0) FROM report_summary'; }
count_pg() { psql_db "$1" "SELECT count(*) || '/' || coalesce(sum(record_count), 0) FROM report_summary"; }
TABLE=$out/table.txt
: > "$TABLE"
row() { printf '%s\n' "$*" >> "$TABLE"; }

# ---- small / hosts ------------------------------------------------------------------
if want small || want hosts; then
	rm -rf "$out/md.gen"
	eval "$("$here/gen-maildir" "$out/md.gen" "$msgs" 3)"
	sync
fi
if want small; then
	echo; echo "== small: $MESSAGES small-report messages ($RECORDS records), $runs runs interleaved"
	: > "$out/small.lite"; : > "$out/small.pg"
	for r in $(seq 1 "$runs"); do
		for store in lite pg; do
			rm -rf "$out/md"; cp -a "$out/md.gen" "$out/md"; sync
			if [ $store = lite ]; then
				rm -f "$out/small.sqlite"*; db=$out/small.sqlite
			else
				psql_db postgres "DROP DATABASE IF EXISTS small WITH (FORCE)" &&
				    psql_db postgres "CREATE DATABASE small OWNER $PG_USER"
				db=$(pgconn small)
			fi
			# the schema first, outside the clock (an empty Maildir)
			mkdir -p "$out/e/new" "$out/e/cur" "$out/e/tmp"
			"$ingest" -q --no-progress --db "$db" "$out/e" > /dev/null
			timed "$ingest" --no-progress --db "$db" "$out/md" > "$out/small.out"
			if [ $store = lite ]; then got=$(count_lite "$db"); else got=$(count_pg small); fi
			[ "$got" = "$REPORTS/$RECORDS" ] || echo "WARNING: $store stored $got, expected $REPORTS/$RECORDS (exit $RC)"
			echo "run $r $store: $SECS s wall, $CPU s cpu, $(rate "$MESSAGES" "$SECS") msg/s, peak RSS $RSS MiB, load $(loadavg)"
			echo "$SECS $CPU $RSS" >> "$out/small.$store"
		done
	done
	for store in lite pg; do
		read -r s c m < <(sort -n "$out/small.$store" | sed -n "$(( (runs + 1) / 2 ))p")
		eval "small_${store}=$s"
		row "small $store | $MESSAGES messages | median $s s wall ($(cut -d' ' -f1 "$out/small.$store" | tr '\n' ' ')) | $c s cpu | $(rate "$MESSAGES" "$s") msg/s ($(rate "$MESSAGES" "$c")/s by cpu) | $m MiB"
	done
	pct=$(awk -v l="$small_lite" -v p="$small_pg" 'BEGIN { printf "%.0f", 100 * l / p }')
	row "small: PostgreSQL at $pct % of SQLite's messages/s (target >= 50 %)"
	echo "PostgreSQL at $pct % of SQLite's messages/s (target >= 50 %)"
fi

if want hosts; then
	echo; echo "== hosts: $MESSAGES messages over three Maildirs, three dmarc-ingest at once into one PostgreSQL database"
	: > "$out/hosts.one"; : > "$out/hosts.three"
	for r in $(seq 1 "$runs"); do
		# one host, all the messages
		psql_db postgres "DROP DATABASE IF EXISTS hosts WITH (FORCE)" &&
		    psql_db postgres "CREATE DATABASE hosts OWNER $PG_USER"
		db=$(pgconn hosts)
		mkdir -p "$out/e/new" "$out/e/cur" "$out/e/tmp"
		"$ingest" -q --no-progress --db "$db" "$out/e" > /dev/null
		rm -rf "$out/md"; cp -a "$out/md.gen" "$out/md"; sync
		timed "$ingest" --no-progress -q --db "$db" "$out/md" > /dev/null
		echo "$SECS" >> "$out/hosts.one"
		echo "run $r one host: $SECS s, $(rate "$MESSAGES" "$SECS") msg/s, load $(loadavg)"
		# three hosts, a third each
		psql_db postgres "DROP DATABASE IF EXISTS hosts WITH (FORCE)" &&
		    psql_db postgres "CREATE DATABASE hosts OWNER $PG_USER"
		"$ingest" -q --no-progress --db "$db" "$out/e" > /dev/null
		rm -rf "$out/h1" "$out/h2" "$out/h3"
		for h in 1 2 3; do mkdir -p "$out/h$h/new" "$out/h$h/cur" "$out/h$h/tmp"; done
		ls "$out/md.gen/new" | awk -v d="$out" -v s="$out/md.gen/new" \
		    '{ print s "/" $0 > (d "/split." (NR % 3 + 1)) }'
		for h in 1 2 3; do xargs -a "$out/split.$((h))" cp -t "$out/h$h/new/"; done
		rm -f "$out"/split.*
		sync
		t0=$(date +%s.%N)
		pids=""
		for h in 1 2 3; do
			"$ingest" --no-progress -q --db "$db" "$out/h$h" > "$out/h$h.out" 2>&1 &
			pids="$pids $!"
		done
		# (not a bare wait: pg-run.sh's watchdog is a child too)
		wait $pids
		SECS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
		got=$(count_pg hosts)
		[ "$got" = "$REPORTS/$RECORDS" ] || echo "WARNING: three hosts stored $got, expected $REPORTS/$RECORDS"
		echo "$SECS" >> "$out/hosts.three"
		echo "run $r three hosts: $SECS s, $(rate "$MESSAGES" "$SECS") msg/s together, load $(loadavg)"
	done
	one=$(median < "$out/hosts.one"); three=$(median < "$out/hosts.three")
	row "hosts pg one host | $MESSAGES messages | median $one s ($(tr '\n' ' ' < "$out/hosts.one")) | $(rate "$MESSAGES" "$one") msg/s"
	row "hosts pg three hosts at once | $MESSAGES messages | median $three s ($(tr '\n' ' ' < "$out/hosts.three")) | $(rate "$MESSAGES" "$three") msg/s together"
fi
rm -rf "$out/md" "$out/md.gen" "$out/h1" "$out/h2" "$out/h3"

# ---- big ----------------------------------------------------------------------------
if want big; then
	echo; echo "== big: one report of $recs records, $runs runs interleaved"
	eval "$("$here/gen-report" "$out/big.xml.gz" "$recs")"
	sync
	: > "$out/big.lite"; : > "$out/big.pg"
	for r in $(seq 1 "$runs"); do
		for store in lite pg; do
			if [ $store = lite ]; then
				rm -f "$out/big.sqlite"*; db=$out/big.sqlite
			else
				psql_db postgres "DROP DATABASE IF EXISTS big WITH (FORCE)" &&
				    psql_db postgres "CREATE DATABASE big OWNER $PG_USER"
				db=$(pgconn big)
			fi
			mkdir -p "$out/e/new" "$out/e/cur" "$out/e/tmp"
			"$ingest" -q --no-progress --db "$db" "$out/e" > /dev/null
			[ $store = pg ] && srv_cpu big
			timed "$ingest" --no-progress -q --db "$db" "$out/big.xml.gz" > /dev/null
			srv=""
			if [ $store = pg ]; then
				wait "$SRVPID"
				srv=", server backend $(cat "$out/srv.cpu") s cpu"
			fi
			if [ $store = lite ]; then got=$(count_lite "$db"); else got=$(count_pg big); fi
			[ "$got" = "1/$RECORDS" ] || echo "WARNING: $store stored $got, expected 1/$RECORDS (exit $RC)"
			echo "run $r $store: $SECS s wall, $CPU s cpu$srv, $(rate "$RECORDS" "$SECS") records/s, peak RSS $RSS MiB, load $(loadavg)"
			echo "$SECS $CPU $RSS" >> "$out/big.$store"
		done
	done
	for store in lite pg; do
		read -r s c m < <(sort -n "$out/big.$store" | sed -n "$(( (runs + 1) / 2 ))p")
		row "big $store | $RECORDS records | median $s s wall ($(cut -d' ' -f1 "$out/big.$store" | tr '\n' ' ')) | $c s cpu | $(rate "$RECORDS" "$s") rec/s ($(rate "$RECORDS" "$c")/s by cpu) | max RSS $(cut -d' ' -f3 "$out/big.$store" | sort -n | tail -1) MiB"
	done
	psql_db postgres "DROP DATABASE IF EXISTS big WITH (FORCE)"
	rm -f "$out/big.sqlite"* "$out/big.xml.gz"
fi

# ---- the report commands on both stores ------------------------------------------------
# queries LABEL SQLITE_DB PG_DB -- failures (7 days), summary (30 days),
# html (the week before --now), three runs each, interleaved.
queries() {
	local label=$1 lite=$2 pg=$3 r store db name
	local -a args
	local until since7 since30
	# the windows of failures and summary end with the day of $wnow
	# (default $now); html takes the last complete week before $now
	local w=${wnow:-$now}
	until=$(date -u -d "@$w" +%F)
	since7=$(date -u -d "@$((w - 6 * 86400))" +%F)
	since30=$(date -u -d "@$((w - 29 * 86400))" +%F)
	echo "== $label: report commands, $runs runs interleaved (--until $until, html --now $now, --no-dns --no-asn)"
	for name in failures summary html; do
		case $name in
		failures) args=(--domain example.com --since "$since7" --until "$until" failures --format csv) ;;
		summary) args=(--since "$since30" --until "$until" summary --format csv) ;;
		html) args=(html --now "$now") ;;
		esac
		: > "$out/q.lite"; : > "$out/q.pg"
		for r in $(seq 0 "$runs"); do
			for store in lite pg; do
				if [ $store = lite ]; then db=$lite; else db=$pg; fi
				timed "$report" --db "$db" --no-dns --no-asn "${args[@]}" > "$out/q.$store.txt" 2> "$out/q.err"
				[ "$RC" -le 1 ] || { echo "WARNING: $store $name exit $RC: $(head -1 "$out/q.err")"; }
				# run 0 warms the caches and is not counted
				[ "$r" = 0 ] && continue
				echo "$SECS $CPU $RSS" >> "$out/q.$store"
				echo "$name $store run $r: $SECS s wall, $CPU s cpu, $RSS MiB, load $(loadavg)"
			done
		done
		if [ "$name" = html ]; then
			sed -i 's/generated [^<]*//' "$out/q.lite.txt" "$out/q.pg.txt"
		fi
		if cmp -s "$out/q.lite.txt" "$out/q.pg.txt"; then same="same output"; else same="OUTPUT DIFFERS"; fi
		for store in lite pg; do
			row "$label $name $store | $(cut -d' ' -f1 "$out/q.$store" | tr '\n' ' ')s wall | cpu $(cut -d' ' -f2 "$out/q.$store" | tr '\n' ' ') | max RSS $(cut -d' ' -f3 "$out/q.$store" | sort -n | tail -1) MiB | $same"
		done
	done
}
pg_sizes() { # DBNAME -- the largest relations with their indexes and toast
	psql_db "$1" "SELECT c.relname, pg_size_pretty(pg_total_relation_size(c.oid))
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    WHERE n.nspname = 'public' AND c.relkind = 'r'
	    ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8" | tr '\n' ' '
	echo
	echo "  total $(psql_db "$1" "SELECT pg_size_pretty(pg_database_size(current_database()))")"
}

if want grow; then
	echo; echo "== grow: a 1,000,000-record database made by dmarc-ingest in both stores (25,000 messages x 40 records)"
	rm -rf "$out/g.gen"
	eval "$("$here/gen-maildir" "$out/g.gen" 25000 40)"
	sync
	have=$(psql_db postgres "SELECT count(*) FROM pg_database WHERE datname = 'g1m'")
	if [ "$have" = 1 ] && [ -f "${PG_DIR}/g1m.sqlite" ]; then
		echo "reusing the 1M databases"
	else
		rm -f "$PG_DIR/g1m.sqlite"*
		rm -rf "$out/md"; cp -a "$out/g.gen" "$out/md"
		timed "$ingest" --no-progress -q --db "$PG_DIR/g1m.sqlite" "$out/md" > /dev/null
		row "grow ingest lite | 25000 messages, $RECORDS records | $SECS s | $(rate "$RECORDS" "$SECS") rec/s"
		psql_db postgres "DROP DATABASE IF EXISTS g1m WITH (FORCE)" &&
		    psql_db postgres "CREATE DATABASE g1m OWNER $PG_USER"
		rm -rf "$out/md"; cp -a "$out/g.gen" "$out/md"
		timed "$ingest" --no-progress -q --db "$(pgconn g1m)" "$out/md" > /dev/null
		row "grow ingest pg | 25000 messages, $RECORDS records | $SECS s | $(rate "$RECORDS" "$SECS") rec/s"
		psql_db g1m "VACUUM ANALYZE"
	fi
	rm -rf "$out/md" "$out/g.gen"
	row "grow sizes lite | $(du -b "$PG_DIR/g1m.sqlite" | awk '{ printf "%.0f MiB", $1 / 1048576 }')"
	row "grow sizes pg | $(pg_sizes g1m | tr '\n' ' ')"
	# the windows of gen-maildir: 2026-11-09 .. 15 (Monday to Sunday):
	# failures and summary end on the 15th, html is the week before the 22nd
	now_save=$now; now=1795391999; wnow=1794787199
	queries "1M" "$PG_DIR/g1m.sqlite" "$(pgconn g1m)"
	now=$now_save; wnow=

fi

# ---- 10m ------------------------------------------------------------------------------
if want 10m || want page || want prune; then
	have=$(psql_db postgres "SELECT count(*) FROM pg_database WHERE datname = 'b10m'")
	if [ "$have" = 1 ] && [ "$(psql_db b10m 'SELECT count(*) FROM reports' 2> /dev/null)" != "" ]; then
		echo; echo "== 10m: the 10M database is loaded already ($PG_DIR)"
	else
		[ -f "$src10m" ] || { echo "pg-bench: no $src10m (make one with bench/gen-db at schema 10)" >&2; exit 66; }
		echo; echo "== 10m: loading $src10m into PostgreSQL (util/sqlite-to-pg.sh, then VACUUM ANALYZE)"
		cp "$src10m" "$PG_DIR/b10m.sqlite"
		[ -f "$src10m-wal" ] && cp "$src10m-wal" "$PG_DIR/b10m.sqlite-wal"
		# settle the copy's WAL into the file (a copy: the source is never written)
		sqlite3 "$PG_DIR/b10m.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
		psql_db postgres "CREATE DATABASE b10m OWNER $PG_USER"
		t0=$(date +%s.%N)
		# sqlite-to-pg.sh moves one schema version (10 in the first release
		# with PostgreSQL, the latest later): when it asks for a migrated
		# file, this build's dmarc-ingest migrates the copy, and it runs again
		if ! TMPDIR=$PG_DIR bash "$src/util/sqlite-to-pg.sh" "$PG_DIR/b10m.sqlite" \
		    "$(pgconn b10m)" 2> "$out/move.err"; then
			cat "$out/move.err" >&2
			grep -q 'run dmarc-ingest' "$out/move.err" ||
			    { echo "pg-bench: the load failed" >&2; exit 1; }
			mkdir -p "$out/e/new" "$out/e/cur" "$out/e/tmp"
			"$ingest" -q --no-progress --db "$PG_DIR/b10m.sqlite" "$out/e" > /dev/null
			TMPDIR=$PG_DIR bash "$src/util/sqlite-to-pg.sh" "$PG_DIR/b10m.sqlite" "$(pgconn b10m)" ||
			    { echo "pg-bench: the load failed" >&2; exit 1; }
		fi
		t1=$(date +%s.%N)
		psql_db b10m "VACUUM ANALYZE"
		t2=$(date +%s.%N)
		load=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
		vac=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", b - a }')
		echo "loaded in $load s, VACUUM ANALYZE $vac s"
		echo "10m load | sqlite-to-pg.sh $load s | VACUUM ANALYZE $vac s" > "$PG_DIR/load.txt"
	fi
	# this build's schema (a migration after 10) on the copy and in PostgreSQL
	mkdir -p "$out/e/new" "$out/e/cur" "$out/e/tmp"
	"$ingest" -q --no-progress --db "$PG_DIR/b10m.sqlite" "$out/e" > /dev/null
	"$ingest" -q --no-progress --db "$(pgconn b10m)" "$out/e" > /dev/null
	psql_db b10m "VACUUM ANALYZE"
	[ -f "$PG_DIR/load.txt" ] && row "$(cat "$PG_DIR/load.txt")"
	row "10m sizes lite | $(du -b "$PG_DIR/b10m.sqlite" | awk '{ printf "%.0f MiB", $1 / 1048576 }')"
	row "10m sizes pg | $(pg_sizes b10m | tr '\n' ' ')"
fi
if want 10m; then
	echo
	queries "10M" "$PG_DIR/b10m.sqlite" "$(pgconn b10m)"
fi

# ---- page -----------------------------------------------------------------------------
# page_run LABEL STORE DB ARGS...: one timed run, printed and kept in $out/page.STORE
page_run() {
	local label=$1 store=$2 db=$3
	shift 3
	DMARC_RUA_NOW=$now timed "$report" --db "$db" --no-dns ${page_asn---no-asn} "$@" > "$out/page.$store.out" 2> "$out/page.err"
	[ "$RC" -le 1 ] || echo "WARNING: $store $label exit $RC: $(head -1 "$out/page.err")"
	echo "page $store $label: $SECS s wall, $CPU s cpu, $RSS MiB, load $(loadavg)"
	printf '%s %s %s %s\n' "$label" "$SECS" "$CPU" "$RSS" >> "$out/page.$store"
}
if want page; then
	echo; echo "== page: the weekly page and readiness over the 10M database, window rollup cold / warm / one more day"
	dayb=$(( (now + 1) / 86400 * 86400 ))
	# the page's week ends on the Monday before --now; its readiness
	# window is the 28 days before that: the new day is that window's last
	dow=$(( (dayb / 86400 + 3) % 7 ))	# 0 = Monday
	dayb=$(( dayb - dow * 86400 - 86400 ))
	rm -rf "$out/day"
	python3 "$here/gen-day" "$out/day" "${BENCH_DAY_REPORTS:-2784}" 40 "$dayb" $((dayb + 86399)) \
	    $(sqlite3 "$PG_DIR/b10m.sqlite" "SELECT DISTINCT policy_domain FROM reports ORDER BY 1") ||
	    { echo "pg-bench: gen-day failed" >&2; exit 70; }
	cp "$PG_DIR/b10m.sqlite" "$out/page.sqlite"
	psql_db postgres "DROP DATABASE IF EXISTS page10m WITH (FORCE)" &&
	    psql_db postgres "CREATE DATABASE page10m OWNER $PG_USER TEMPLATE b10m" ||
	    { echo "pg-bench: cannot copy b10m" >&2; exit 1; }
	: > "$out/page.lite"; : > "$out/page.pg"
	for store in lite pg; do
		# the rollup and the name caches empty in both: a kept server's
		# b10m may hold what an earlier run's enriched step wrote there
		clear="DELETE FROM rollup_sources; DELETE FROM rollup_intervals;
		    DELETE FROM ptr_cache; DELETE FROM asn_cache; DELETE FROM as_name_cache"
		if [ $store = lite ]; then
			db=$out/page.sqlite
			sqlite3 "$db" "$clear" 2> /dev/null
		else
			db=$(pgconn page10m)
			psql_db page10m "$clear" > /dev/null 2>&1
		fi
		page_run cold $store "$db" html --now "$now" -o "$out/page.$store.html"
		for r in $(seq 1 "$runs"); do
			page_run warm $store "$db" html --now "$now" -o "$out/page.$store.html"
		done
		for r in $(seq 1 "$runs"); do
			page_run readiness $store "$db" readiness --format csv
		done
		timed "$ingest" -q --no-progress --db "$db" "$out"/day/*.xml > /dev/null 2>&1
		echo "page $store: one more day ingested ($(ls "$out/day" | wc -l) reports x 40 records): $SECS s, exit $RC"
		page_run "+1 day" $store "$db" html --now "$now" -o "$out/page.$store.html"
		page_run "warm again" $store "$db" html --now "$now" -o "$out/page.$store.html"
		# With enrichment, warm: a PTR name, an ASN and its AS name
		# cached for every source IP (what a run with DNS leaves; written
		# here in SQL, the same rows in both stores: the page only reads
		# them), ASN on, --no-dns (the caches only).
		fill="INSERT INTO ptr_cache(ip, status, name, fcrdns, ttl, fetched_at, expires_at)
		    SELECT ip, 'ok', 'h-' || replace(replace(ip, '.', '-'), ':', '-') || '.bench.example', 1, 86400, $now, 4000000000
		    FROM (SELECT DISTINCT source_ip AS ip FROM records) i;
		  INSERT INTO asn_cache(ip, zone, status, asn, asns, prefix, cc, registry, ttl, fetched_at, expires_at)
		    SELECT ip, 'asn.cymru.com', 'ok', 64512 + length(ip), CAST(64512 + length(ip) AS text), ip || '/32', 'US', 'arin', 86400, $now, 4000000000
		    FROM (SELECT DISTINCT source_ip AS ip FROM records) i;
		  INSERT INTO as_name_cache(asn, zone, status, name, ttl, fetched_at, expires_at)
		    SELECT DISTINCT asn, 'asn.cymru.com', 'ok', 'BENCH-NET-' || asn || ', US', 86400, $now, 4000000000 FROM asn_cache;"
		if [ $store = lite ]; then
			sqlite3 "$db" "DELETE FROM ptr_cache; DELETE FROM asn_cache; DELETE FROM as_name_cache; $fill"
		else
			psql_db page10m "DELETE FROM ptr_cache; DELETE FROM asn_cache; DELETE FROM as_name_cache; $fill" > /dev/null
		fi
		echo "page $store: caches filled for $(if [ $store = lite ]; then sqlite3 "$db" "SELECT count(*) FROM asn_cache"; else psql_db page10m "SELECT count(*) FROM asn_cache"; fi) IPs"
		page_asn= page_run "enriched" $store "$db" html --now "$now" -o "$out/page.$store.enriched.html"
		for r in $(seq 1 "$runs"); do
			page_asn= page_run "enriched" $store "$db" html --now "$now" -o "$out/page.$store.enriched.html"
		done
		sed -i 's/generated [^<]*//' "$out/page.$store.html" "$out/page.$store.enriched.html"
	done
	if cmp -s "$out/page.lite.enriched.html" "$out/page.pg.enriched.html"; then esame="same page"; else esame="PAGES DIFFER"; fi
	if cmp -s "$out/page.lite.html" "$out/page.pg.html"; then same="same page"; else same="PAGES DIFFER"; fi
	for store in lite pg; do
		for label in cold warm readiness "+1 day" "warm again" enriched; do
			row "page $store $label | $(grep "^$label [0-9]" "$out/page.$store" | cut -d' ' -f2- | awk '{ w = w $(NF-2) " "; c = c $(NF-1) " "; if ($NF > m) m = $NF } END { printf "%ss wall | cpu %s| max RSS %s MiB", w, c, m }') | $([ "$label" = enriched ] && echo "$esame" || echo "$same")"
		done
	done
	psql_db postgres "DROP DATABASE IF EXISTS page10m WITH (FORCE)"
	rm -f "$out/page.sqlite"*
fi

# ---- prune ----------------------------------------------------------------------------
if want prune; then
	echo; echo "== prune: the oldest month of the 10M database on PostgreSQL"
	if ! "$report" --db "$(pgconn b10m)" prune --dry-run --before 2000-01-01 > "$out/prune.err" 2>&1; then
		echo "not measured: this build's prune on PostgreSQL says: $(head -1 "$out/prune.err")"
		row "prune pg | not measured: $(head -1 "$out/prune.err")"
	else
		psql_db postgres "DROP DATABASE IF EXISTS p10m WITH (FORCE)" &&
		    psql_db postgres "CREATE DATABASE p10m OWNER $PG_USER TEMPLATE b10m" ||
		    { echo "pg-bench: cannot copy b10m" >&2; exit 1; }
		db=$(pgconn p10m)
		before=$(psql_db p10m "SELECT to_char(date_trunc('month', to_timestamp(min(date_end)) AT TIME ZONE 'UTC') + interval '1 month', 'YYYY-MM-DD') FROM reports")
		: > "$out/reader.ms"; rm -f "$out/stop"
		( while [ ! -e "$out/stop" ]; do
			t=$(date +%s%N)
			if "$report" --db "$db" --no-dns --no-asn --domain example.com --since "$(date -u -d "@$((now - 6 * 86400))" +%F)" --until "$(date -u -d "@$now" +%F)" failures --format csv > /dev/null 2>&1 || [ $? = 1 ]; then
				echo $(( ($(date +%s%N) - t) / 1000000 )) >> "$out/reader.ms"
			else
				echo "fail" >> "$out/reader.ms"
			fi
		  done ) &
		rpid=$!
		timed "$report" --db "$db" prune --before "$before" > "$out/prune.out" 2>&1
		touch "$out/stop"; wait "$rpid"
		n=$(grep -c . "$out/reader.ms"); f=$(grep -c fail "$out/reader.ms")
		med=$(grep -v fail "$out/reader.ms" | median); mx=$(grep -v fail "$out/reader.ms" | sort -n | tail -1)
		echo "prune --before $before: exit $RC, $SECS s; $(tail -1 "$out/prune.out")"
		row "prune pg | --before $before: $SECS s wall, exit $RC | failures beside it: $n runs, $f failed, median $med ms, max $mx ms"
		psql_db postgres "DROP DATABASE IF EXISTS p10m WITH (FORCE)"
	fi
fi

echo
echo "== figures (load average now $(loadavg))"
cat "$TABLE"
exit 0
