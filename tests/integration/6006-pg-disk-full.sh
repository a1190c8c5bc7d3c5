#!/usr/bin/env bash
# Issue 11: the disk of the PostgreSQL server is full.  The run stops with
# one clear line (the cause, and the fix: free space) and the
# temporary-failure exit 75; nothing uncommitted is moved; once space is
# freed the next run completes with exact totals (the same summary as
# SQLite gives for the same Maildirs).
#
# The full disk is real: the test database lives in a tablespace on a
# small tmpfs (mount -t tmpfs -o size=...), filled with a file until a few
# MiB are left, so that the server's own write of a table or index page
# fails with ENOSPC ("could not extend file ...: No space left on device",
# SQLSTATE 53100) as on a full disk.  WAL stays on the cluster's disk (a
# full pg_wal stops the server itself: that is 6004's "server down").
# Mounting needs root (CAP_SYS_ADMIN): without it the test skips (fails
# under CI).  Two cases, both on the full disk:
#  A. one message with a report of 50,000 records (its rows go to the
#     server in chunks while it is parsed: the error comes from a COPY
#     whose result is read later): 75, the Maildir byte for byte as it
#     was, no report row;
#  B. 300 small messages (batches of 50): 75; every file moved out of
#     new/ has its committed row;
# then the filler is removed and both Maildirs are ingested again: exit 0,
# new/ empty, totals exact, summary = SQLite's.
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_tool python3 "bench/gen-maildir"
need_tool mount
need_ingest
[ "$(id -u)" = 0 ] || skip_or_fail "mounting a small tmpfs needs root"
cd "$T"
pg_start
MNT=$(mktemp -d /tmp/dr-full-XXXXXX) || { echo "FAIL: mktemp"; exit 1; }
if ! mount -t tmpfs -o "size=96m,mode=0700,uid=$(id -u "$PG_OS_USER")" tmpfs "$MNT" 2> $T/mount.err; then
	rmdir "$MNT"
	skip_or_fail "cannot mount a tmpfs here: $(head -1 $T/mount.err)"
fi
trap 'pg_stop_all; umount "$MNT" && rmdir "$MNT"; rm -rf "$T"' EXIT
psqlc() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
snap() { # a Maildir's directories, files and bytes
	(cd "$1" && find . -printf '%y %p %s\n' | sort && find . -type f -exec sha256sum {} + | sort)
}
avail_kib() { df -k --output=avail "$MNT" | tail -1 | tr -d ' '; }
W="--no-dns --since 2026-11-09 --until 2026-11-16"

python3 "$DR_SRC/bench/gen-maildir" $T/genA 1 50000 > $T/genA.env || { echo "FAIL: gen-maildir"; exit 1; }
python3 "$DR_SRC/bench/gen-maildir" $T/genB 300 20 > $T/genB.env || { echo "FAIL: gen-maildir"; exit 1; }
# other file names than A's (gen-maildir names them alike; the report ids
# differ: they hold N and RECORDS)
for f in $T/genB/new/*; do mv "$f" "$f.b"; done
( . $T/genA.env; echo "A_REPORTS=$REPORTS A_RECORDS=$RECORDS A_COUNT=$MESSAGE_COUNT A_MSGS=$MESSAGES" ) > $T/tot.env
( . $T/genB.env; echo "B_REPORTS=$REPORTS B_RECORDS=$RECORDS B_COUNT=$MESSAGE_COUNT B_MSGS=$MESSAGES" ) >> $T/tot.env
. $T/tot.env
# the reference: SQLite, the same two Maildirs
copy_maildir $T/genA $T/refA
copy_maildir $T/genB $T/refB
ingest -q --db $T/ref.sqlite $T/refA > /dev/null 2>&1
ingest -q --db $T/ref.sqlite $T/refB > /dev/null 2>&1
check_eq "reference: SQLite stored both" "$((A_REPORTS + B_REPORTS)) $((A_RECORDS + B_RECORDS))" \
    "$(sqlite3 $T/ref.sqlite "SELECT (SELECT count(*) FROM reports) || ' ' || (SELECT count(*) FROM records)")"
report --db $T/ref.sqlite $W summary --format csv > $T/ref.summary

# --- the database on the small disk ---------------------------------------------
pg__as mkdir "$MNT/ts"
pg_sql "CREATE TABLESPACE small OWNER $PG_USER LOCATION '$MNT/ts'" > /dev/null
PG_SQL_DB=dbname=postgres pg_sql "CREATE DATABASE diskfull OWNER $PG_USER TABLESPACE small" > /dev/null ||
    { echo "FAIL: CREATE DATABASE on the tmpfs"; exit 1; }
db="host=127.0.0.1 port=$PG_PORT user=$PG_USER dbname=diskfull"
mkdir -p $T/empty/new $T/empty/cur $T/empty/tmp
ingest -q --db "$db" $T/empty > /dev/null 2>&1
check_eq "the schema is made on the small disk" 0 $?
# leave 2 MiB: far less than either Maildir needs
fill=$(( $(avail_kib) - 2048 ))
[ "$fill" -gt 0 ] || { echo "FAIL: the tmpfs is full already ($(avail_kib) KiB left)"; exit 1; }
dd if=/dev/zero of="$MNT/filler" bs=1024 count="$fill" status=none
echo "  the disk: $(avail_kib) KiB left"

# run_err NAME -- checks on the last run ($T/err, $rc)
run_err() {
	check_eq "$1: exit status" 75 "$rc"
	check_eq "$1: one run error on stderr" 1 "$(grep -c '^dmarc-ingest: [a-z-]*: ' $T/err)"
	check_grep "$1: the cause" "^dmarc-ingest: [a-z-]+: .*(No space left on device|disk .*full)" $T/err
	check_grep "$1: the fix" "^dmarc-ingest: [a-z-]+: .*free space" $T/err
	echo "  $1: $(grep '^dmarc-ingest: [a-z-]*: ' $T/err | tail -1)"
}

# --- A. one big report ------------------------------------------------------------
copy_maildir $T/genA $T/mdA
snap $T/mdA > $T/beforeA
ingest --db "$db" $T/mdA > $T/out 2> $T/err
rc=$?
run_err "A, 50,000 records"
check_eq "A: the Maildir unchanged" "" "$(snap $T/mdA | diff $T/beforeA - | head -5)"
check_eq "A: no report row" 0 "$(psqlc "$db" -c 'SELECT count(*) FROM reports')"

# --- B. many small messages ---------------------------------------------------------
copy_maildir $T/genB $T/mdB
ingest --batch 50 --db "$db" $T/mdB > $T/out 2> $T/err
rc=$?
run_err "B, 300 messages"
find $T/mdB/cur -type f -printf '%f\n' | sed 's/:2,.*$//' | sort > $T/moved
psqlc "$db" -c "SELECT source_key FROM messages WHERE filed_to IS NOT NULL" | sort > $T/committed
check_eq "B: nothing moved that was not committed" "" "$(comm -23 $T/moved $T/committed | head -3)"
check_eq "B: the disk did stop it (files left in new/)" 1 \
    "$([ "$(find $T/mdB/new -type f | wc -l)" -gt 0 ] && echo 1 || echo 0)"

# --- space freed: the next runs complete -------------------------------------------
rm -f "$MNT/filler"
ingest -q --db "$db" $T/mdA > $T/out 2> $T/err
check_eq "A again: exit 0" 0 $?
ingest -q --db "$db" $T/mdB > $T/out 2> $T/err
check_eq "B again: exit 0" 0 $?
check_eq "then new/ is empty" 0 "$(find $T/mdA/new $T/mdB/new -type f | wc -l)"
check_eq "exact totals" \
    "$((A_REPORTS + B_REPORTS)) $((A_RECORDS + B_RECORDS)) $((A_COUNT + B_COUNT)) $((A_MSGS + B_MSGS))" \
    "$(psqlc "$db" -F ' ' -c 'SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM records),
        (SELECT sum(count) FROM records), (SELECT count(DISTINCT source_key) FROM messages)')"
check_eq "report_stats add up" "$((A_COUNT + B_COUNT))" \
    "$(psqlc "$db" -c 'SELECT sum(messages) FROM report_stats')"
report --db "$db" $W summary --format csv > $T/pg.summary 2> $T/pg.summary.err
check_eq "the summary is SQLite's" "" "$(diff $T/ref.summary $T/pg.summary | head -5)"
finish
