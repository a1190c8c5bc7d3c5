#!/usr/bin/env bash
# Exit statuses tell "nothing to show" from "no database" from "error"
# (issue 14; the table is util/exits.def).  No database is 66 (it was 1,
# like an empty window); a bad option is said before a missing database
# (the command parses everything, then opens); `query --list` needs no
# database; `check` exits 69 when lookups failed (it exited 0 over a page
# of temperrors); --version on both programs prints the CMake project
# version, the schema version and the libraries' versions.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
none=$T/none.sqlite

report --db $none summary > $T/out 2> $T/err
check_eq "no database: exit 66" 66 $?
check_eq "no database: said" "dmarc-report: no-database: no database at $none (run dmarc-ingest first, or give --db PATH)" "$(cat $T/err)"
mkdb $T/empty.sqlite
report --db $T/empty.sqlite summary > $T/out 2> $T/err
check_eq "empty database: still exit 1" 1 $?
check_grep "empty database: said" "^dmarc-report: empty-database: " $T/err

for args in "summary --bogus" "failures --bogus" "sources extra" "reports --bogus" \
    "query" "query nosuch" "html --week 2026-W99" "html --bogus" "--format xml summary"; do
	report --db $none $args > $T/out 2> $T/err
	check_eq "no database, $args: usage first (64)" 64 $?
	check_eq "no database, $args: not the database" "" "$(grep no-database $T/err)"
done
report --db $none query --list > $T/out 2> $T/err
check_eq "query --list without a database: exit 0" 0 $?
check_grep "query --list without a database: lists" "^daily-volume " $T/out
"$DR_BUILD/dmarc-ingest" --db $T/nodir/db.sqlite --max-records 0 $T > $T/out 2> $T/err
check_eq "ingest: bad option before the missing directory (64)" 64 $?

# --version: the project's version, the schema's, the libraries'
v=$(sed -n 's/^project(dmarc-rua VERSION \([0-9.]*\) .*/\1/p' $DR_SRC/CMakeLists.txt)
schema=$(DB=$T/empty.sqlite q 'PRAGMA user_version')
report --version > $T/out 2> $T/err
check_eq "dmarc-report --version: exit 0" 0 $?
check_grep "dmarc-report --version" "^dmarc-report $v \(schema $schema; SQLite 3\.[0-9.]+, c-ares [0-9.]+\)$" $T/out
report --db $none --version summary > $T/out 2> $T/err
check_eq "dmarc-report --version anywhere: exit 0" 0 $?
"$DR_BUILD/dmarc-ingest" --version > $T/out 2> $T/err
check_eq "dmarc-ingest --version: exit 0" 0 $?
check_grep "dmarc-ingest --version" "^dmarc-ingest $v \(schema $schema; SQLite 3\.[0-9.]+, libxml2 2\.[0-9.]+, GMime 3\.[0-9.]+\)$" $T/out

# check: a resolver that answers nothing is 69, never 0
need_tool python3
python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",0))
print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(30)' >"$T/port" &
SILENT=$!
trap 'kill $SILENT 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
report --db $none --dns-server 127.0.0.1:$(cat $T/port) check example.com \
    --timeout 200 --tries 1 > $T/out 2> $T/err
check_eq "check, no answers: exit 69" 69 $?
# (one line per cause, said by main(), as for every command)
check_grep "check, no answers: said" "^dmarc-report: dns-lookup-failed: [0-9]+ DNS lookups? failed \(timeout\) at 127\.0\.0\.1:" $T/err
check_eq "check, no answers: one line" 1 "$(wc -l <$T/err)"
check_grep "check, no answers: the table is written" "^example.com +dmarc +temperror" $T/out
finish
