#!/usr/bin/env bash
# 6011-pg-prune: retention on PostgreSQL (`dmarc-report prune` with a
# PostgreSQL --db) and pruned reports in its write path; 2017-prune's
# ideas, against SQLite's answers:
#  1. the same inputs in SQLite and in PostgreSQL, pruned with the same
#     --before (and --batch): the same output (text and JSON, dry run and
#     run), the same reports removed, every command's output of the
#     remaining window unchanged and the same in both;
#  2. a pruned report re-sent is a duplicate, a modified one a conflict
#     (no conflicts row, no log row pointing to a report), as in SQLite;
#     two hosts re-sending it at once: both duplicates, nothing stored;
#     after a full prune a new report gets a new id;
#  3. a reader (`failures`) keeps answering while a prune runs, and an
#     ingest beside it completes with exact totals;
#  0. a PostgreSQL database that does not exist: exit 66 with the fix;
#  4. kill -9 mid-prune leaves a consistent database and the next run
#     removes exactly the rest.
# The test role may not set session_replication_role (foreign-key
# triggers on: the cascades); part 4 grants it (triggers off).
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
need_tool sqlite3
need_tool python3 "bench/gen-maildir"
cd "$T"
pg_start

export DMARC_RUA_NOW=1796515200		# 2026-12-06, as 2017
BEFORE=2026-11-12
BEFORE_S=1794441600
DB=$T/db.sqlite
PGDB=$PG_CONNINFO
pq() { PG_SQL_DB=dbname=${2:-$PG_DB} pg_sql "$1"; }

# A database that does not exist: 66 (no-database) with the fix, in both.
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
report --db "${PG_CONNINFO%dbname=*}dbname=nosuch" summary > /dev/null 2> "$T/nodb.err"
check_eq "report: no such PostgreSQL database: 66" 66 $?
check_grep "report: no such database: the fix" "no-database: .*createdb" "$T/nodb.err"
ingest --db "${PG_CONNINFO%dbname=*}dbname=nosuch" "$T/empty" 2> "$T/nodb.err"
check_eq "ingest: no such PostgreSQL database: 66" 66 $?
check_grep "ingest: no such database: the fix" "no-database: .*createdb" "$T/nodb.err"

python3 "$DR_SRC/bench/gen-maildir" "$T/md" 90 3 > /dev/null
cp -r "$T/md" "$T/mdp"
mkdir -p "$T/in"
prune_mkxml old-1 1794268800 5 > "$T/in/old-1.xml"
prune_mkxml old-1 1794268800 6 > "$T/in/old-1-other.xml"
prune_mkxml new-1 1794700800 7 > "$T/in/new-1.xml"
ingest -q --db "$DB" "$T/md" "$T/in/old-1.xml" "$T/in/new-1.xml"
ingest -q --db "$DB" "$T/in/old-1-other.xml"
ingest -q --db "$PGDB" "$T/mdp" "$T/in/old-1.xml" "$T/in/new-1.xml"
check_eq "ingest into PostgreSQL" 0 $?
ingest -q --db "$PGDB" "$T/in/old-1-other.xml"
check_eq "PostgreSQL: the conflict is recorded" 1 "$(pq 'SELECT count(*) FROM conflicts')"
check_eq "PostgreSQL: schema version 14" 14 "$(pq 'SELECT max(version) FROM schema_version')"
want=$(pq "SELECT count(*) FROM reports WHERE date_end < $BEFORE_S")
check_eq "the same reports to prune" "$(q "SELECT count(*) FROM reports WHERE date_end < $BEFORE_S")" "$want"

# same NAME ARGS...: dmarc-report on both; stdout, stderr, status equal
same() {
	local name=$1
	shift
	report --db "$DB" "$@" > "$T/s.out" 2>&1
	echo "status $?" >> "$T/s.out"
	report --db "$PGDB" "$@" > "$T/p.out" 2>&1
	echo "status $?" >> "$T/p.out"
	sed -i -e "s|$PGDB|DB|g" -e "s|$DB|DB|g" -e '/"now"/d' "$T/s.out" "$T/p.out"
	check_eq "same answer: $name" "" "$(diff "$T/s.out" "$T/p.out" | head -5)"
}
prune_snap "$PGDB" "$BEFORE" > "$T/before.txt" 2>&1

# 1. Dry run, then the run, in batches of 7: the same output as SQLite.
same "usage: no --before" prune
same "usage: DATE in the future" prune --before 2026-12-07
same "dry run (text)" prune --before "$BEFORE" --dry-run
same "dry run (json)" prune --before "$BEFORE" --dry-run --format json
check_eq "dry run: nothing removed" "$want" \
    "$(pq "SELECT count(*) FROM reports WHERE date_end < $BEFORE_S")"
same "prune --batch 7 (json)" prune --before "$BEFORE" --batch 7 --format json
head -n -1 "$T/p.out" > "$T/p.json"
check_eq "PostgreSQL: the prune counted every report" "$want" \
    "$(json_get "$T/p.json" 'j["removed"]["reports"]')"
check_eq "PostgreSQL: no report ended before DATE" 0 \
    "$(pq "SELECT count(*) FROM reports WHERE date_end < $BEFORE_S")"
check_eq "PostgreSQL: identities remembered" "$want" "$(pq 'SELECT count(*) FROM pruned_reports')"
same "a second run removes nothing" prune --before "$BEFORE"

prune_consistent "after prune" pq

prune_snap "$PGDB" "$BEFORE" > "$T/after.txt" 2>&1
check_eq "the remaining window: every output unchanged" "" \
    "$(diff "$T/before.txt" "$T/after.txt" | head -5)"
prune_snap "$DB" "$BEFORE" > "$T/after-sqlite.txt" 2>&1
check_eq "the remaining window: the same as SQLite's (ingest times aside)" "" \
    "$(diff <(grep -v '"ingested_at"' "$T/after-sqlite.txt") \
    <(grep -v '"ingested_at"' "$T/after.txt") | head -5)"

# 2. Re-sent after the prune: a duplicate, or a conflict; never stored.
logq="SELECT outcome, coalesce(report_id, ''), report IS NULL FROM ingest_log ORDER BY id DESC LIMIT 1"
prune_mkxml old-1 1794268800 8 > "$T/in/old-1-third.xml"
for f in old-1 old-1-third; do
	cp "$T/in/$f.xml" "$T/in/$f-again.xml"
	ingest --json --db "$DB" "$T/in/$f-again.xml" > "$T/s.json"
	ingest --json --db "$PGDB" "$T/in/$f-again.xml" > "$T/p.json"
	k='"%d %d %d" % (j["stored"], j["duplicates"], j["conflicts"])'
	check_eq "$f re-sent after the prune: the same counts as SQLite" \
	    "$(json_get "$T/s.json" "$k")" "$(json_get "$T/p.json" "$k")"
	check_eq "$f re-sent: the same log row as SQLite" "$(q "$logq" | tr '|' ' ' | sed 's/ 1$/ t/;s/ 0$/ f/')" \
	    "$(pq "$logq" | tr '|' ' ')"
done
check_eq "pruned report re-sent modified: conflict" 1 "$(json_get "$T/p.json" 'j["conflicts"]')"
check_eq "no conflicts row for a pruned report" 0 "$(pq 'SELECT count(*) FROM conflicts')"
reports_now=$(pq 'SELECT count(*) FROM reports')
mkdir -p "$T/md2/new" "$T/md2/cur" "$T/md2/tmp"
for f in "$T/md/cur/"*; do cp "$f" "$T/md2/new/again-$(basename "${f%%:*}")"; done
ingest --json --db "$PGDB" "$T/md2" > "$T/md2.json"
check_eq "every report re-sent: nothing stored" 0 "$(json_get "$T/md2.json" 'j["stored"]')"
check_eq "every report re-sent: duplicates" 90 "$(json_get "$T/md2.json" 'j["duplicates"]')"
# Two hosts at once, each with its own copy of the same pruned reports.
for h in a b; do
	mkdir -p "$T/h$h/new" "$T/h$h/cur" "$T/h$h/tmp"
	for f in "$T/md/cur/"*; do cp "$f" "$T/h$h/new/$h-$(basename "${f%%:*}")"; done
done
"$DR_BUILD/dmarc-ingest" --no-progress --json --db "$PGDB" --batch 5 "$T/ha" \
    > "$T/ha.json" &
pa=$!
ingest --json --db "$PGDB" --batch 5 "$T/hb" > "$T/hb.json"
rb=$?
wait $pa
check_eq "two hosts at once: both exit 0" "0 0" "$? $rb"
check_eq "two hosts at once: all duplicates" "90 90 0 0" \
    "$(json_get "$T/ha.json" 'j["duplicates"]') $(json_get "$T/hb.json" 'j["duplicates"]') $(json_get "$T/ha.json" 'j["stored"]') $(json_get "$T/hb.json" 'j["stored"]')"
check_eq "reports unchanged" "$reports_now" "$(pq 'SELECT count(*) FROM reports')"
prune_consistent "after re-sends" pq

# Everything pruned, then a new report: a new id.
report --db "$PGDB" prune --before 2026-12-06 > /dev/null
check_eq "everything pruned" 0 "$(pq 'SELECT count(*) FROM reports')"
prune_mkxml new-2 1795996800 9 > "$T/in/new-2.xml"
ingest -q --db "$PGDB" "$T/in/new-2.xml"
check_eq "a new report after a full prune: stored" 1 "$(pq 'SELECT count(*) FROM reports')"
check_eq "a new report after a full prune: a new id" t "$(pq "SELECT
    (SELECT id FROM reports) > (SELECT max(id) FROM pruned_reports)")"
prune_consistent "after a full prune" pq

# 3 and 4: enough reports that a prune in batches of 2 takes a while.
unset DMARC_RUA_NOW
big=$(pg_newdb big)
python3 "$DR_SRC/bench/gen-maildir" "$T/bigmd" 1500 4 > /dev/null
ingest -q --db "$big" "$T/bigmd" || { echo "FAIL: big ingest"; exit 1; }
pq "GRANT SET ON PARAMETER session_replication_role TO $PG_USER" postgres
PG_SQL_DB=dbname=postgres pg_sql "CREATE DATABASE kill TEMPLATE big OWNER $PG_USER"
kill_db="host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=kill"
total=$(pq 'SELECT count(*) FROM reports' big)
mkdir -p "$T/late"	# reports that arrive during the prune (kept)
for i in $(seq 40); do prune_mkxml "late-$i" 1794700800 "$i" > "$T/late/late-$i.xml"; done

"$DR_BUILD/dmarc-report" --db "$big" prune --before "$BEFORE" --batch 2 \
    > "$T/bigprune.out" 2>&1 &
pid=$!
"$DR_BUILD/dmarc-ingest" --no-progress --json --db "$big" "$T/late/"*.xml \
    > "$T/late.json" 2> "$T/late.err" &
ipid=$!
runs=0 bad=0
while kill -0 $pid 2> /dev/null; do
	report --db "$big" --since 2026-11-09 --until 2026-11-15 --no-dns failures \
	    > /dev/null 2> "$T/reader.err" || { bad=$((bad + 1)); cat "$T/reader.err"; }
	runs=$((runs + 1))
done
wait $pid
check_eq "prune beside a reader and an ingest: exit 0" 0 $?
wait $ipid
check_eq "the ingest beside the prune: exit 0" 0 $?
echo "reader: $runs runs during the prune"
check_eq "the reader ran during the prune" 1 "$([ $runs -ge 2 ] && echo 1)"
check_eq "the reader always answered" 0 $bad
check_eq "the ingest beside the prune: every report stored" 40 \
    "$(json_get "$T/late.json" 'j["stored"]')"
check_eq "beside them: every report stored or remembered" "$((total + 40))" \
    "$(pq 'SELECT (SELECT count(*) FROM reports) + (SELECT count(*) FROM pruned_reports)' big)"
check_eq "beside them: no old report left but the late ones" 0 \
    "$(pq "SELECT count(*) FROM reports WHERE date_end < $BEFORE_S AND report_id NOT LIKE 'late-%'" big)"
prune_consistent "beside a reader" pq big

# 4. kill -9 in the middle (foreign-key triggers off: the granted right).
prune_kill9 pq "$kill_db" "$BEFORE" 2 kill

finish
