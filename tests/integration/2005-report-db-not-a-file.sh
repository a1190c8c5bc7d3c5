#!/usr/bin/env bash
# 2005-report-db-not-a-file: --db that is not a database file (issue 15).
# A FIFO made dmarc-report hang in SQLite's read(); a directory, a FIFO or
# a device is now refused before SQLite opens it (exit 70, "not a regular
# file"), by dmarc-ingest too.  A 0-byte file is "nothing to show" (exit
# 1, empty-database), like a missing one, and is never given a schema by
# a reader, even one that opens read-write for the PTR cache.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool timeout

# bounded: the bug this guards against is a hang
run() { timeout 20 "$DR_BUILD/dmarc-report" "$@"; }

mkfifo "$T/fifo"
mkdir "$T/dir"
for db in "$T/fifo:a FIFO" "$T/dir:a directory" "/dev/null:a device"; do
	path=${db%%:*} what=${db#*:}
	for cmd in "--no-dns summary" "--dns-server 127.0.0.1:9 failures" \
	    "--no-dns html -o $T/x.html" "query daily-volume"; do
		run --db "$path" $cmd >"$T/out" 2>"$T/err"
		check_eq "$what, $cmd: exit" 70 $?
		check_grep "$what, $cmd: message" \
		    "^dmarc-report: database: $path is not a regular file \($what\): not a database$" \
		    "$T/err"
	done
done
check_eq "no page written" no "$([ -e "$T/x.html" ] && echo yes || echo no)"
mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
timeout 20 "$DR_BUILD/dmarc-ingest" --no-progress -q --db "$T/fifo" \
    "$T/md" 2>"$T/err"
check_eq "ingest into a FIFO: exit" 70 $?
check_grep "ingest into a FIFO: message" "not a regular file \(a FIFO\)" "$T/err"

# 0 bytes: exit 1 as the man page says, and the file stays empty
: >"$T/zero.sqlite"
for cmd in "--no-dns summary" "--dns-server 127.0.0.1:9 failures" \
    "--dns-server 127.0.0.1:9 sources" "--no-dns html -o $T/z.html" \
    "reports" "query daily-volume"; do
	run --db "$T/zero.sqlite" $cmd >"$T/out" 2>"$T/err"
	check_eq "0-byte, $cmd: exit" 1 $?
	check_grep "0-byte, $cmd: message" \
	    "^dmarc-report: empty-database: $T/zero.sqlite holds no dmarc-rua data yet \(run dmarc-ingest\)$" \
	    "$T/err"
	check_eq "0-byte, $cmd: still 0 bytes" 0 "$(stat -c %s "$T/zero.sqlite")"
done

# a symbolic link to a database is still a database
mkdb "$T/db.sqlite"
ln -s "$T/db.sqlite" "$T/link.sqlite"
run --db "$T/link.sqlite" --no-dns summary >/dev/null 2>"$T/err"
check_eq "symlink to a db: exit (no report yet)" 1 $?
check_grep "symlink to a db: opened" "empty-database: the database holds no report" "$T/err"
finish
