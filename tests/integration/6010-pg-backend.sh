#!/usr/bin/env bash
# 6010-pg-backend: the PostgreSQL backend of store/ (pg.c, pg_read.c,
# pg_put.c, pg_copy.c, pg_msg.c, pg_report.c) on a throwaway PostgreSQL
# 15 started here (initdb in $T as an unprivileged user, a UTF-8 locale
# that is not C, Unix socket and a random loopback port):
#   - the samples in SQLite and in PostgreSQL give the same output for
#     every command in every format, and the weekly HTML (times aside);
#   - the replay cases of 1004 (late identity: duplicate, conflict;
#     a rejection without savepoints) leave the same rows as SQLite;
#   - a 60,000-record report (several COPY flushes) stores every record,
#     its totals and selectors;
#   - a password in --db is never shown; a server that is down, a
#     connection killed mid-run: exit 75, nothing uncommitted moved, the
#     next run completes with exact totals;
#   - an empty database, a foreign one, a newer schema: the SQLite
#     answers (exit 1, 70, 65); a read-only session serves dmarc-report.
set -u
. "$(dirname "$0")/lib.sh"
need_tool python3
need_tool sqlite3
need_tool psql "PostgreSQL client"
PGBIN=$(ls -d /usr/lib/postgresql/1[5-9]/bin 2>/dev/null | tail -1)
[ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || skip_or_fail "PostgreSQL 15 server (initdb) missing"

# --- a server of our own ------------------------------------------------------
cd "$T" || exit 1	# a build without the backend writes files named after --db
PGD=$T/pg
mkdir -p "$PGD"
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then	# PostgreSQL refuses root
	id postgres >/dev/null 2>&1 || skip_or_fail "running as root without a postgres user"
	chown postgres "$PGD"
	chmod 755 "$T"
	as_pg() { runuser -u postgres -- "$@"; }
fi
loc=$(locale -a 2>/dev/null | grep -ix -m1 'c\.utf-\?8\|en_US\.utf-\?8')
[ -n "$loc" ] || loc=C
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$PGD/data" -A trust -U postgres --locale="$loc" -E UTF8 >/dev/null 2>&1 ||
	skip_or_fail "initdb failed"
as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/log" -w -o "-k $PGD -p $port -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
	{ cat "$PGD/log"; skip_or_fail "PostgreSQL did not start"; }
trap 'as_pg "$PGBIN/pg_ctl" -D "$PGD/data" -m immediate stop >/dev/null 2>&1; rm -rf "$T"' EXIT
CI_="host=127.0.0.1 port=$port user=postgres"
psql_() { psql -X -q -At "$CI_ dbname=$1" -c "$2"; }
newdb() { psql_ postgres "DROP DATABASE IF EXISTS $1" 2>/dev/null; psql_ postgres "CREATE DATABASE $1"; }
pg() { echo "$CI_ dbname=$1"; }
lastjson() { python3 -c "import json,sys; j=json.loads(open(sys.argv[1]).read().splitlines()[-1]); print(sys.argv[2] % j)" "$@"; }

# --- same answers: the samples in both ------------------------------------------
newdb same
mkdir -p "$T/s" "$T/p"
copy_maildir "$DR_SRC/samples/maildir" "$T/s/md"
copy_maildir "$DR_SRC/samples/maildir" "$T/p/md"
(cd "$T/s" && ingest -q --db "$T/same.sqlite" md 2>/dev/null)
(cd "$T/p" && ingest -q --db "$(pg same)" md 2>/dev/null)
check_eq "samples: ingest exit (one rejected)" 1 $?
check_eq "samples: left in new/ as with SQLite (the non-report)" "$(ls "$T/s/md/new")" "$(ls "$T/p/md/new")"
check_eq "samples: moved to cur/ as with SQLite" "$(ls "$T/s/md/cur")" "$(ls "$T/p/md/cur")"
times='s/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?( UTC)?/TIME/g'
same() {	# ARGS...: dmarc-report against both, stdout, stderr and status
	report --db "$T/same.sqlite" "$@" 2>&1 | sed -E "$times" > "$T/out.s"
	echo "status ${PIPESTATUS[0]}" >> "$T/out.s"
	report --db "$(pg same)" "$@" 2>&1 | sed -E "$times" > "$T/out.p"
	echo "status ${PIPESTATUS[0]}" >> "$T/out.p"
	check_eq "same answer: $*" "" "$(diff "$T/out.s" "$T/out.p" | head -5)"
}
W="--no-dns --no-asn --since 2026-11-09 --until 2026-11-15"
for f in table csv json; do
	for c in summary "failures --all" sources reports "reports --rejected --all-rejected" readiness \
	    "alerts --all" "query daily-volume" "query dkim-selectors" "query failures-by-ip" \
	    "query ptr-cache" "query reporters" "query spf-pass-dmarc-fail" \
	    "query failures-by-ip domain=example.org" "--domain example.com summary"; do
		# shellcheck disable=SC2086
		same $W $c --format $f
	done
done
same --no-dns --no-asn html --week 2026-W46 -o -
same $W query no-such-query
same --no-dns --no-asn --since 2030-01-01 --until 2030-01-07 summary

# --- the replay cases of 1004, against SQLite's rows --------------------------
x=$DR_SRC/tests/data/xml/minimal.xml
in=$T/in; mkdir -p "$in"
late_identity_xml "$in/01-a.xml" late-1 5
cp "$x" "$in/02-b.xml"
late_identity_xml "$in/03-dup.xml" late-1 5
sed 's/min-1/min-2/' "$x" > "$in/04-c.xml"
late_identity_xml "$in/05-conflict.xml" late-1 6
sed 's/min-1/min-3/' "$x" > "$in/06-d.xml"
printf '<feedback><report_metadata>' > "$in/07-broken.xml"
sed 's/min-1/min-4/' "$x" > "$in/08-e.xml"
cp "$x" "$in/09-dup-early.xml"
dumpq="SELECT org_name, report_id, record_count, message_count, digest FROM reports ORDER BY report_id;
SELECT r.report_id, c.source_ip, c.count FROM records c JOIN reports r ON r.id = c.report ORDER BY 1, 2;
SELECT count(*) FROM dkim_results; SELECT count(*) FROM spf_results;
SELECT r.report_id, s.records, s.messages FROM report_stats s JOIN reports r ON r.id = s.report ORDER BY 1;
SELECT domain, selector FROM report_selectors ORDER BY 1, 2;
SELECT outcome, coalesce(reason, ''), reports FROM messages ORDER BY id;
SELECT outcome, coalesce(reason, ''), coalesce(report_id, '') FROM ingest_log ORDER BY id;
SELECT count(*) FROM conflicts;"
ingest -v --json --db "$T/safe.sqlite" "$in"/*.xml > "$T/safe.json" 2>/dev/null
sqlite3 -batch "$T/safe.sqlite" "$dumpq" > "$T/safe.dump"
for b in 1000 2; do
	ingest --json --batch $b --db "$T/fast$b.sqlite" "$in"/*.xml > "$T/fast$b.json" 2>/dev/null
	newdb replay$b
	ingest --json --batch $b --db "$(pg replay$b)" "$in"/*.xml > "$T/r$b.json" 2> "$T/r$b.err"
	check_eq "replay batch $b: exit (one rejected)" 1 $?
	check_eq "replay batch $b: counts" "stored=5 duplicates=2 conflicts=1 rejected=1" \
	    "$(lastjson "$T/r$b.json" 'stored=%(stored)d duplicates=%(duplicates)d conflicts=%(conflicts)d rejected=%(rejected)d')"
	# a message undone alone replays the batch only when something of
	# it reached the server (not its buffered rows): never more than
	# SQLite's replays
	check_eq "replay batch $b: no more replays than SQLite's" yes \
	    "$([ "$(lastjson "$T/r$b.json" '%(batches_replayed)d')" -le \
	    "$(lastjson "$T/fast$b.json" '%(batches_replayed)d')" ] && echo yes)"
	printf '%s\n' "$dumpq" | psql -X -q -At -F '|' "$(pg replay$b)" -f - > "$T/r$b.dump"
	check_eq "replay batch $b: the rows SQLite has" "" "$(diff "$T/safe.dump" "$T/r$b.dump")"
done

# --- a big report: several flushes of the COPY buffers --------------------------
newdb big
python3 "$DR_SRC/bench/gen-report" "$T/big.xml.gz" 60000 >/dev/null
ingest -q --db "$(pg big)" "$T/big.xml.gz"
check_eq "big: exit" 0 $?
check_eq "big: records, totals" "60000|60000|$(gzip -dc "$T/big.xml.gz" | grep -o '<count>[0-9]*' | cut -c8- | awk '{ s += $1 } END { print s }')" \
    "$(psql_ big "SELECT (SELECT count(*) FROM records), s.records, s.messages FROM report_stats s")"
ingest -q --db "$T/big.sqlite" "$T/big.xml.gz"
check_eq "big: same selectors as SQLite" "$(sqlite3 "$T/big.sqlite" "SELECT count(*) FROM report_selectors")" \
    "$(psql_ big "SELECT count(*) FROM report_selectors")"
check_eq "big: same summary as SQLite" \
    "$(report --db "$T/big.sqlite" --no-dns --no-asn --since 2026-01-01 --until 2026-12-31 summary --format csv)" \
    "$(report --db "$(pg big)" --no-dns --no-asn --since 2026-01-01 --until 2026-12-31 summary --format csv)"
ingest -q --db "$(pg big)" "$T/big.xml.gz" 2>/dev/null
check_eq "big: again, a duplicate" "1|60000" "$(psql_ big "SELECT count(*), (SELECT count(*) FROM records) FROM reports")"

# --- the password is never shown ------------------------------------------------
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for db in "postgresql://postgres:S3cretPw@127.0.0.1:$dead/x" \
    "postgres://postgres@127.0.0.1:$dead/x?password=S3cretPw" \
    "host=127.0.0.1 port=$dead password='S3cret Pw' dbname=x"; do
	ingest --db "$db" "$T/p/md" > "$T/pw.out" 2> "$T/pw.err"
	check_eq "server down: ingest exit 75" 75 $?
	report --db "$db" summary >> "$T/pw.out" 2>> "$T/pw.err"
	check_eq "server down: report exit 75" 75 $?
	check_eq "server down: one line each" 2 "$(wc -l < "$T/pw.err")"
	check_grep "server down: the cause" "database-busy: cannot connect to PostgreSQL .*\\*\\*\\*.*Connection refused" "$T/pw.err"
	check_eq "no password in any output" 0 "$(cat "$T/pw.out" "$T/pw.err" | grep -c S3cret)"
done
newdb newer
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
ingest -q --db "$(pg newer)" "$T/empty" 2>/dev/null
psql_ newer "UPDATE schema_version SET version = 99"
report --db "postgresql://postgres:S3cretPw@127.0.0.1:$port/newer" summary > "$T/nw.out" 2>&1
check_eq "newer schema: exit 65" 65 $?
check_grep "newer schema: said, password hidden" "database-newer: postgresql://postgres:\\*\\*\\*@127.0.0.1:$port/newer has schema version 99" "$T/nw.out"
ingest --db "postgresql://postgres:S3cretPw@127.0.0.1:$port/newer" "$T/empty" > "$T/nw.out" 2>&1
check_eq "newer schema: ingest exit 65" 65 $?
check_eq "newer schema: no password" 0 "$(grep -c S3cret "$T/nw.out")"

# --- empty, foreign, read-only ---------------------------------------------------
newdb empty
report --db "$(pg empty)" summary > "$T/e.out" 2>&1
check_eq "empty database: exit 1" 1 $?
check_grep "empty database: said" "empty-database: .*holds no dmarc-rua data yet" "$T/e.out"
check_eq "empty database: a reader creates nothing" 0 "$(psql_ empty "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
newdb other
psql_ other "CREATE TABLE t (x int)"
ingest --db "$(pg other)" "$T/empty" > "$T/f.out" 2>&1
check_eq "foreign database: exit 70" 70 $?
check_grep "foreign database: said" "not a dmarc-rua database" "$T/f.out"
ro="$(pg same) options='-c default_transaction_read_only=on'"
report --db "$ro" $W summary --format csv > "$T/ro.csv" 2> "$T/ro.err"
check_eq "read-only session: summary exit 0" 0 $?
check_eq "read-only session: same summary" "$(report --db "$T/same.sqlite" $W summary --format csv)" "$(cat "$T/ro.csv")"
ingest --db "$ro" "$T/empty" > "$T/ro.out" 2>&1
check_eq "read-only session: ingest refused (70)" 70 $?
check_grep "read-only session: points at the primary" "read-only PostgreSQL server.*primary" "$T/ro.out"

# --- a connection killed mid-run --------------------------------------------------
newdb kill
python3 "$DR_SRC/bench/gen-maildir" "$T/many" 3000 >/dev/null
ingest -q --db "$(pg kill)" "$T/empty" 2>/dev/null
(
	for i in $(seq 1 200); do
		n=$(psql_ kill "SELECT count(*) FROM messages" 2>/dev/null)
		[ "${n:-0}" -gt 0 ] && break
		sleep 0.05
	done
	psql_ postgres "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'kill' AND application_name = 'dmarc-ingest'" >/dev/null
) &
ingest -q --batch 100 --db "$(pg kill)" "$T/many" > "$T/k.out" 2> "$T/k.err"
rc=$?
wait
check_eq "killed: exit 75" 75 $rc
check_eq "killed: one line" 1 "$(wc -l < "$T/k.err")"
check_eq "killed: moved = committed" "$(psql_ kill "SELECT count(*) FROM messages")" "$(ls "$T/many/cur" | wc -l)"
ingest --json --db "$(pg kill)" "$T/many" > "$T/k2.json" 2>/dev/null
check_eq "killed: the next run exit 0" 0 $?
check_eq "killed: exact totals" "3000|3000|9000" "$(psql_ kill "SELECT (SELECT count(*) FROM messages WHERE outcome = 'stored'), count(*), sum(record_count) FROM reports")"
check_eq "killed: all moved" "0 3000" "$(ls "$T/many/new" | wc -l) $(ls "$T/many/cur" | wc -l)"
finish
