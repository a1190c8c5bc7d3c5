#!/usr/bin/env bash
# 6020-pg-session: what the PostgreSQL backend asks of the server per
# session, as docs/SCALE.md measured it (store/pg.c, store/pg_read.c):
#   - `SET jit = off` once after connecting;
#   - a statement a command runs more than once (summary-totals, once per
#     policy domain) is prepared on the server
#     under a name and executed by name from its second run; the names
#     are DEALLOCATEd when the statement closes;
#   - the PTR cache is read in batches (ptr-get-many: one statement for the
#     samples' few IPs), not once per source IP;
#   - the answers stay those of SQLite (the same summary and failures).
# The server logs every statement (log_statement = all for the database).
set -u
. "$(dirname "$0")/lib.sh"
need_pg
need_ingest
need_tool sqlite3
cd "$T"   # the code before the PG backend takes --db for a file name: keep it in $T
pg_start

copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$PG_CONNINFO" "$T/md" > "$T/ingest.out" 2>&1
check_eq "samples into PostgreSQL (1: one is rejected)" 1 $?
copy_maildir "$DR_SRC/samples/maildir" "$T/md2"
ingest -q --db "$T/db.sqlite" "$T/md2" > "$T/ingest2.out" 2>&1
check_eq "samples into SQLite (1: one is rejected)" 1 $?
ndom=$(pg_sql "SELECT count(DISTINCT policy_domain) FROM reports")
[ "${ndom:-0}" -ge 2 ] || echo "FAIL: the samples have $ndom policy domains, the test needs two"

pg_sql "ALTER DATABASE $PG_DB SET log_statement = 'all'"
mark=$(wc -l < "$PG_LOG")
win=(--since 2000-01-01 --until 2030-12-31)
report --db "$PG_CONNINFO" --no-dns --no-asn "${win[@]}" summary --format csv > "$T/sum.p" 2> "$T/sum.err"
check_eq "summary on PostgreSQL" 0 $?
report --db "$PG_CONNINFO" --no-dns --no-asn "${win[@]}" failures --all --format csv > "$T/fail.p" 2> "$T/fail.err"
rc=$?
[ $rc -le 1 ] || echo "FAIL: failures on PostgreSQL: exit $rc: $(head -1 "$T/fail.err")"
tail -n +"$((mark + 1))" "$PG_LOG" > "$T/log"

check_grep "jit switched off per session" "statement: SET jit = off" "$T/log"
check_eq "one SET per session (two commands)" 2 "$(grep -c 'statement: SET jit = off' "$T/log")"
check_grep "a statement run per domain is executed by name" \
    "execute dr_r[0-9]+: -- summary-totals" "$T/log"
check_eq "the PTR cache read in one statement (failures)" 1 \
    "$(grep -c -- "-- ptr-get-many:" "$T/log")"
# each name is prepared once: no name is executed as <unnamed> after it
first=$(grep -c "execute <unnamed>: -- summary-totals" "$T/log")
check_eq "summary-totals: only its first run unnamed" 1 "$first"
check_grep "the prepared statements are released" "statement: DEALLOCATE dr_r[0-9]+" "$T/log"

report --db "$T/db.sqlite" --no-dns --no-asn "${win[@]}" summary --format csv > "$T/sum.s" 2>&1
report --db "$T/db.sqlite" --no-dns --no-asn "${win[@]}" failures --all --format csv > "$T/fail.s" 2>&1
check_eq "summary: the same as SQLite's" "$(cat "$T/sum.s")" "$(cat "$T/sum.p")"
check_eq "failures: the same as SQLite's" "$(cat "$T/fail.s")" "$(cat "$T/fail.p")"
finish
