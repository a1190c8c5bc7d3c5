#!/usr/bin/env bash
# 5009-second-user-read: a database written by one user is read by another
# who may not write its folder (issue 15 item 8).  WAL needs DB-shm and
# DB-wal; dmarc-ingest keeps them (SQLITE_FCNTL_PERSIST_WAL), so readers
# open the database read-only through them.  Without them, the reader
# gets one line saying what is missing and how to fix it.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_or_fail "switching users needs root"
need_tool setpriv "util-linux"
need_tool sqlite3
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

chmod 755 "$T"
D=$T/db
mkdir -p "$D" && chmod 755 "$D"
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$D/dmarc.sqlite" "$T/md" >/dev/null 2>&1
chmod 644 "$D/dmarc.sqlite"
check_eq "ingest keeps the -wal and -shm files" "yes yes" \
    "$([ -e "$D/dmarc.sqlite-wal" ] && echo yes) $([ -e "$D/dmarc.sqlite-shm" ] && echo yes)"
check_eq "the folder is not writable by the reader" 1 \
    "$(as_nobody sh -c "touch '$D/x' 2>/dev/null; echo \$?")"

W="--since 2026-11-09 --until 2026-11-15 --no-dns"
as_nobody "$DR_BUILD/dmarc-report" --db "$D/dmarc.sqlite" $W summary --format csv \
    >"$T/s.csv" 2>"$T/s.err"
check_eq "summary as another user: exit 0" 0 $?
check_grep "summary as another user: rows" "^example.com,7,7,296," "$T/s.csv"
check_eq "summary as another user: no error" "" "$(cat "$T/s.err")"
as_nobody "$DR_BUILD/dmarc-report" --db "$D/dmarc.sqlite" $W failures --format json \
    >"$T/f.json" 2>/dev/null
check_eq "failures as another user: exit 0" 0 $?
check_eq "sqlite3 -readonly as another user" 13 \
    "$(as_nobody sqlite3 -readonly "$D/dmarc.sqlite" 'SELECT count(*) FROM reports' 2>&1)"

# Without them (an older version or another program closed it last): a
# clear line naming the files and the fix, not "attempt to write a
# readonly database".
rm -f "$D/dmarc.sqlite-wal" "$D/dmarc.sqlite-shm"
as_nobody "$DR_BUILD/dmarc-report" --db "$D/dmarc.sqlite" $W summary >/dev/null 2>"$T/e"
check_eq "no -shm: exit 70" 70 $?
check_grep "no -shm: names the file" "dmarc.sqlite-shm" "$T/e"
check_grep "no -shm: names the fix" "run dmarc-ingest once as the database's owner" "$T/e"

# One ingest run by the owner brings them back.
mkdir -p "$T/empty/new" "$T/empty/cur" "$T/empty/tmp"
ingest -q --db "$D/dmarc.sqlite" "$T/empty"
as_nobody "$DR_BUILD/dmarc-report" --db "$D/dmarc.sqlite" $W summary --format csv \
    >"$T/s2.csv" 2>/dev/null
check_eq "after one ingest: readable again" 0 $?
check_eq "after one ingest: same answer" "$(cat "$T/s.csv")" "$(cat "$T/s2.csv")"
finish
