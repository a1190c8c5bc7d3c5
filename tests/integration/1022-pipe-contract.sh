#!/usr/bin/env bash
# 1022-pipe-contract: `dmarc-ingest --pipe` as a Postfix delivery command
# (docs/postfix.md).  Postfix's local(8) and pipe(8) defer on exit 75
# (EX_TEMPFAIL) and bounce on other non-zero codes, and a bounce goes back
# to the reporter: so every input must end in 0 (kept: stored, or set aside
# in the quarantine Maildir, byte for byte) or 75 (not kept: Postfix keeps
# the message and retries), and nothing is lost either way.
. "$(dirname "$0")/lib.sh"
need_tool flock "to hold the ingest lock"
need_tool sqlite3
need_tool python3 "to hold the database's write lock"
S="$DR_SRC/samples/maildir/new"
REPORT="$S/1794268800.M01P1001.mx.example.com"	# Google, 3 records
NOTREPORT="$S/1794790200.M15P1015.mx.example.com"	# ordinary mail
BROKEN="$S/1794790300.M16P1016.mx.example.com"	# corrupt gzip
DB="$T/db.sqlite"
Q="$T/quarantine"	# the default: the database's folder/quarantine

pipe() { "$DR_BUILD/dmarc-ingest" --pipe -q "$@" >>"$T/out" 2>>"$T/err"; echo $?; }
kept() { ls "$Q/new" 2>/dev/null | wc -l; }

# stored, then the same report again (Postfix delivered it twice)
check_eq "report: exit" 0 "$(pipe --db "$DB" < "$REPORT")"
check_eq "report: stored" 1 "$(q 'SELECT count(*) FROM reports')"
check_eq "duplicate: exit" 0 "$(pipe --db "$DB" < "$REPORT")"
check_eq "duplicate: counted once" 1 "$(q 'SELECT count(*) FROM reports')"
check_eq "nothing set aside yet" 0 "$(kept)"

# not a report: kept (a person reads it), exit 0
check_eq "not a report: exit" 0 "$(pipe --db "$DB" < "$NOTREPORT")"
check_eq "not a report: kept" 1 "$(kept)"
check_eq "not a report: same bytes" "" \
    "$(cmp "$NOTREPORT" "$Q"/new/* 2>&1)"
check_eq "not a report: recorded" "not_report|no-report" \
    "$(q "SELECT outcome, reason FROM rejected_inputs WHERE path = '-'")"

# broken report: kept, exit 0, named on stderr
rm -f "$Q"/new/*
check_eq "broken: exit" 0 "$(pipe --db "$DB" < "$BROKEN")"
check_eq "broken: kept" 1 "$(kept)"
check_eq "broken: same bytes" "" "$(cmp "$BROKEN" "$Q"/new/* 2>&1)"
check_grep "broken: reason on stderr" "gzip-corrupt" "$T/err"
check_grep "broken: where it is kept" "kept as .*quarantine/new/" "$T/err"

# Recoverable: a report rejected by a cap (here --max-records 1) is kept;
# after the cap is right, ingesting the quarantine Maildir stores it.
rm -f "$Q"/new/*
S7="$S/1794356800.M07P1007.mx.example.com"	# 2 records
check_eq "over a cap: exit" 0 "$(pipe --db "$DB" --max-records 1 < "$S7")"
check_eq "over a cap: kept" 1 "$(kept)"
check_eq "over a cap: not stored" 1 "$(q 'SELECT count(*) FROM reports')"
"$DR_BUILD/dmarc-ingest" -q --no-progress --db "$DB" "$Q" 2>>"$T/err"
check_eq "recovered from the quarantine Maildir: exit" 0 $?
check_eq "recovered: stored" 2 "$(q 'SELECT count(*) FROM reports')"

# database locked by another ingest: 75, nothing kept, nothing stored
rm -rf "$Q"
exec 9>"$DB.lock"
flock -n 9
check_eq "locked: exit 75 (defer)" 75 "$(pipe --db "$DB" < "$BROKEN")"
check_eq "locked: nothing set aside" 0 "$(kept)"
exec 9>&-

# database busy (a writer holds the write lock past the busy timeout)
python3 - "$DB" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
c.execute("BEGIN IMMEDIATE")
time.sleep(20)
EOF
busy=$!
sleep 1
n0=$(q 'SELECT count(*) FROM messages')
S3="$S/1794355300.M03P1003.mx.example.com"
check_eq "busy: exit 75 (defer)" 75 "$(pipe --db "$DB" < "$S3")"
kill "$busy" 2>/dev/null; wait "$busy" 2>/dev/null
check_eq "busy: nothing recorded" "$n0" "$(q 'SELECT count(*) FROM messages')"
check_eq "after busy: retry stores it" 0 "$(pipe --db "$DB" < "$S3")"
check_eq "after busy: stored" 3 "$(q 'SELECT count(*) FROM reports')"

# the set-aside copy cannot be written (full disk, a file in the way):
# 75, and the database has no row for it (rolled back)
: > "$T/notadir"
n0=$(q 'SELECT count(*) FROM messages')
check_eq "cannot keep: exit 75" 75 \
    "$(pipe --db "$DB" --quarantine "$T/notadir/q" < "$BROKEN")"
check_eq "cannot keep: nothing recorded" "$n0" \
    "$(q 'SELECT count(*) FROM messages')"
check_grep "cannot keep: says why" "cannot keep the message" "$T/err"

# no database folder, a bad config file, a bad command line: 75, never
# a bounce (without --pipe they are 70, 78 and 64)
check_eq "no database folder: exit 75" 75 \
    "$(pipe --db "$T/none/db.sqlite" < "$REPORT")"
printf 'databse = %s\n' "$DB" > "$T/bad.conf"
check_eq "bad config: exit 75" 75 \
    "$(pipe --config "$T/bad.conf" --db "$DB" < "$REPORT")"
"$DR_BUILD/dmarc-ingest" -q --config "$T/bad.conf" --db "$DB" - \
    < "$REPORT" 2>/dev/null
check_eq "bad config without --pipe: 78" 78 $?
check_eq "a file argument: exit 75" 75 "$(pipe --db "$DB" "$REPORT" < "$REPORT")"
check_eq "unknown option: exit 75" 75 "$(pipe --db "$DB" --bogus < "$REPORT")"

# without --pipe, a broken report from standard input is exit 1 (a bounce)
"$DR_BUILD/dmarc-ingest" -q --db "$DB" - < "$BROKEN" 2>/dev/null
check_eq "without --pipe: broken is 1" 1 $?
finish
