#!/usr/bin/env bash
# 2017-prune: retention, `dmarc-report prune --before DATE`.
#  1. exactly the reports that ended before DATE go, with everything that
#     hangs off them (records, results, reasons, errors, derived rows,
#     conflicts); the ingest log stays; the remaining window's totals do
#     not change in any command's output;
#  2. --dry-run changes nothing and counts what the real run removes;
#  3. a pruned report sent again is a duplicate, a modified one a
#     conflict; nothing is stored twice;
#  4. a bad, missing or future DATE is a usage error (64) before the
#     database is touched;
#  5. a reader keeps answering while a prune runs (WAL, bounded
#     transactions);
#  6. kill -9 in the middle of a prune leaves a consistent database
#     (integrity_check, foreign_key_check, no orphan rows, report_stats =
#     report_stats_derived), and the next run removes the rest.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3 "bench/gen-maildir"

DB=$T/db.sqlite
# 2026-12-06 00:00 UTC: the day the gen-maildir reports (2026-11-09 ..
# 15) are old.
export DMARC_RUA_NOW=1796515200
BEFORE=2026-11-12
BEFORE_S=1794441600

python3 "$DR_SRC/bench/gen-maildir" "$T/md" 90 3 > "$T/gen.sh"
mkdir -p "$T/in"
prune_mkxml old-1 1794268800 5 > "$T/in/old-1.xml"		# 2026-11-10: goes
prune_mkxml old-1 1794268800 6 > "$T/in/old-1-other.xml"	# its conflict
prune_mkxml new-1 1794700800 7 > "$T/in/new-1.xml"		# 2026-11-15: stays
ingest -q --db "$DB" "$T/md" "$T/in/old-1.xml" "$T/in/new-1.xml"
ingest -q --db "$DB" "$T/in/old-1-other.xml"
check_eq "ingest: the conflict is recorded" 1 "$(q 'SELECT count(*) FROM conflicts')"
check_eq "schema version 14" 14 "$(q 'PRAGMA user_version')"

# What a prune must remove, counted before.
old="SELECT id FROM reports WHERE date_end < $BEFORE_S"
oldrec="SELECT id FROM records WHERE report IN ($old)"
want_reports=$(q "SELECT count(*) FROM ($old)")
want_records=$(q "SELECT count(*) FROM ($oldrec)")
want_dkim=$(q "SELECT count(*) FROM dkim_results WHERE record IN ($oldrec)")
want_spf=$(q "SELECT count(*) FROM spf_results WHERE record IN ($oldrec)")
want_kept=$(q "SELECT count(*) FROM reports WHERE date_end >= $BEFORE_S")
messages=$(q 'SELECT count(*) FROM messages')
check_eq "some reports to prune" 1 "$([ "$want_reports" -gt 10 ] && echo 1)"
check_eq "some reports to keep" 1 "$([ "$want_kept" -gt 10 ] && echo 1)"

# The remaining window, as every command shows it.
prune_snap "$DB" "$BEFORE" > "$T/before.txt" 2>&1

# 4. Usage errors come first.
report --db "$DB" prune > /dev/null 2>&1
check_eq "no --before: 64" 64 $?
report --db "$DB" prune --before 2026-13-01 > /dev/null 2>&1
check_eq "malformed DATE: 64" 64 $?
report --db "$DB" prune --before 2026-12-07 > /dev/null 2> "$T/future.err"
check_eq "DATE in the future: 64" 64 $?
check_grep "future DATE: says why" "in the future" "$T/future.err"
report --db "$DB" prune --before "$BEFORE" --batch 0 > /dev/null 2>&1
check_eq "--batch 0: 64" 64 $?
report --db "$T/none.sqlite" prune --before "$BEFORE" > /dev/null 2>&1
check_eq "no database: 66" 66 $?

# 2. --dry-run changes nothing.
sum_db() { sqlite3 -batch "$DB" .dump | sha256sum; }
dump0=$(sum_db)
report --db "$DB" prune --before "$BEFORE" --dry-run --format json > "$T/dry.json"
check_eq "dry run: exit 0" 0 $?
check_eq "dry run: the database is unchanged" "$dump0" "$(sum_db)"
check_eq "dry run: reports counted" "$want_reports" \
    "$(json_get "$T/dry.json" 'j["removed"]["reports"]')"
check_eq "dry run: says so" True "$(json_get "$T/dry.json" 'j["dry_run"]')"

# 1. The prune, in batches of 7 reports.
report --db "$DB" prune --before "$BEFORE" --batch 7 --format json > "$T/run.json"
check_eq "prune: exit 0" 0 $?
for k in reports records dkim_results spf_results record_reasons \
    report_errors conflicts; do
	check_eq "dry run and run agree: $k" \
	    "$(json_get "$T/dry.json" "j['removed']['$k']")" \
	    "$(json_get "$T/run.json" "j['removed']['$k']")"
done
check_eq "removed: reports" "$want_reports" "$(json_get "$T/run.json" 'j["removed"]["reports"]')"
check_eq "removed: records" "$want_records" "$(json_get "$T/run.json" 'j["removed"]["records"]')"
check_eq "removed: dkim_results" "$want_dkim" "$(json_get "$T/run.json" 'j["removed"]["dkim_results"]')"
check_eq "removed: spf_results" "$want_spf" "$(json_get "$T/run.json" 'j["removed"]["spf_results"]')"
check_eq "removed: record_reasons (old-1)" 1 "$(json_get "$T/run.json" 'j["removed"]["record_reasons"]')"
check_eq "removed: report_errors (old-1)" 1 "$(json_get "$T/run.json" 'j["removed"]["report_errors"]')"
check_eq "removed: conflicts (old-1)" 1 "$(json_get "$T/run.json" 'j["removed"]["conflicts"]')"
check_eq "kept: reports" "$want_kept" "$(json_get "$T/run.json" 'j["kept"]["reports"]')"
check_eq "transactions of 7" $(((want_reports + 6) / 7)) \
    "$(json_get "$T/run.json" 'j["transactions"]')"
check_eq "no report ended before DATE" 0 "$(q "SELECT count(*) FROM ($old)")"
check_eq "every later report kept" "$want_kept" "$(q 'SELECT count(*) FROM reports')"
check_eq "identities remembered" "$want_reports" "$(q 'SELECT count(*) FROM pruned_reports')"
check_eq "ingest log kept (messages)" "$messages" "$(q 'SELECT count(*) FROM messages')"

prune_consistent "after prune" q

prune_snap "$DB" "$BEFORE" > "$T/after.txt" 2>&1
if cmp -s "$T/before.txt" "$T/after.txt"; then
	check_eq "the remaining window: every output unchanged" same same
else
	diff "$T/before.txt" "$T/after.txt" | head -20
	check_eq "the remaining window: every output unchanged" same differs
fi

report --db "$DB" prune --before "$BEFORE" > "$T/again.txt"
check_eq "a second run: exit 0" 0 $?
check_grep "a second run removes nothing" "^  reports +0$" "$T/again.txt"

# 3. Re-sent after the prune: a duplicate, or a conflict; never stored.
reports_now=$(q 'SELECT count(*) FROM reports')
cp "$T/in/old-1.xml" "$T/in/old-1-again.xml"
ingest --json --db "$DB" "$T/in/old-1-again.xml" > "$T/dup.json"
check_eq "pruned report re-sent: duplicate" 1 "$(json_get "$T/dup.json" 'j["duplicates"]')"
check_eq "pruned report re-sent: not stored" 0 "$(json_get "$T/dup.json" 'j["stored"]')"
prune_mkxml old-1 1794268800 8 > "$T/in/old-1-third.xml"
ingest --json --db "$DB" "$T/in/old-1-third.xml" > "$T/conf.json"
check_eq "pruned report re-sent modified: conflict" 1 "$(json_get "$T/conf.json" 'j["conflicts"]')"
mkdir -p "$T/md2/new" "$T/md2/cur" "$T/md2/tmp"
for f in "$T/md/cur/"*; do cp "$f" "$T/md2/new/again-$(basename "${f%%:*}")"; done
ingest --json --db "$DB" "$T/md2" > "$T/md2.json"
check_eq "every report re-sent: nothing stored" 0 "$(json_get "$T/md2.json" 'j["stored"]')"
check_eq "reports unchanged" "$reports_now" "$(q 'SELECT count(*) FROM reports')"
prune_consistent "after re-sends" q

# Everything pruned, then a new report: its id is new (ids are never given
# twice; alerts keep a mark by report id).
report --db "$DB" prune --before 2026-12-06 > /dev/null
check_eq "everything pruned" 0 "$(q 'SELECT count(*) FROM reports')"
prune_mkxml new-2 1795996800 9 > "$T/in/new-2.xml"
ingest -q --db "$DB" "$T/in/new-2.xml"
check_eq "a new report after a full prune: stored" 1 "$(q 'SELECT count(*) FROM reports')"
check_eq "a new report after a full prune: a new id" 1 "$(q "SELECT
    (SELECT id FROM reports) > (SELECT max(id) FROM pruned_reports)")"
prune_consistent "after a full prune" q

# 5 and 6: a database large enough that a prune takes a while (under
# memcheck, lib.sh DR_MEMCHECK, a tenth of it: 20 times slower anyway).
big_records=200000
[ "${DR_MEMCHECK:-0}" = 1 ] && big_records=20000
: > "$T/empty.conf"
DR_BUILD=$DR_BUILD DMARC_RUA_CONFIG=$T/empty.conf \
    bash "$DR_SRC/bench/gen-db" "$T/big0.sqlite" $big_records 20 20 > /dev/null 2>&1 ||
    { echo "FAIL: gen-db"; exit 1; }
sqlite3 "$T/big0.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE)' > /dev/null
unset DMARC_RUA_NOW
BIG_BEFORE=$(date -u -d '-9 days' +%F)
BIG_S=$(date -u -d "$BIG_BEFORE" +%s)

# 5. A reader during the prune: every run answers (exit 0).
cp "$T/big0.sqlite" "$T/big.sqlite"
DB=$T/big.sqlite
"$DR_BUILD/dmarc-report" --db "$DB" prune --before "$BIG_BEFORE" \
    --batch 5 > /dev/null &
pid=$!
runs=0 bad=0
while kill -0 $pid 2> /dev/null; do
	report --db "$DB" --days 30 --no-dns summary > /dev/null 2> "$T/reader.err" ||
	    { bad=$((bad + 1)); cat "$T/reader.err"; }
	runs=$((runs + 1))
done
wait $pid
check_eq "prune beside a reader: exit 0" 0 $?
echo "reader: $runs runs during the prune"
check_eq "the reader ran during the prune" 1 "$([ $runs -ge 2 ] && echo 1)"
check_eq "the reader always answered" 0 $bad
check_eq "beside a reader: all old reports gone" 0 \
    "$(q "SELECT count(*) FROM reports WHERE date_end < $BIG_S")"
prune_consistent "beside a reader" q

# 6. kill -9 in the middle, then the next run finishes.
cp "$T/big0.sqlite" "$T/kill.sqlite"
DB=$T/kill.sqlite
prune_kill9 q "$DB" "$BIG_BEFORE" 3

finish
