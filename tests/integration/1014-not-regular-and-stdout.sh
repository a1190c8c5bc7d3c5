#!/usr/bin/env bash
# Entries of new/ that are not regular files (a symbolic link, a FIFO)
# are never opened but no longer pass in silence (issue 15): one
# not-a-regular-file line each, every run, counted as not_file in the
# summary line and --json, exit status 1; they stay where they are.  And
# a summary that cannot be written (stdout is /dev/full) is one line on
# stderr and exit 70, never 0; --help and --version likewise.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
x=$DR_SRC/tests/data/xml/minimal.xml
md=$T/md
mkdir -p $md/new $md/cur $md/tmp
cp $x $md/new/m1
ln -s /etc/passwd $md/new/link
mkfifo $md/new/fifo

for run in 1 2; do
	timeout 20 "$DR_BUILD/dmarc-ingest" --no-progress --db $T/db.sqlite $md > $T/out 2> $T/err
	check_eq "run $run: exit 1" 1 $?
	check_eq "run $run: one line each" "dmarc-ingest: $md/new/fifo: not-a-regular-file: a FIFO: not opened, left in place
dmarc-ingest: $md/new/link: not-a-regular-file: a symbolic link: not opened, left in place" "$(cat $T/err)"
	check_grep "run $run: counted" " rejected=0 not_file=2 seconds=" $T/out
	check_eq "run $run: left in place" "fifo link" "$(ls $md/new | tr '\n' ' ' | sed 's/ $//')"
done
check_eq "the report stored" 1 "$(q 'SELECT count(*) FROM reports')"
check_eq "nothing of /etc/passwd" 0 "$(q "SELECT count(*) FROM messages WHERE path LIKE '%link%'")"
timeout 20 "$DR_BUILD/dmarc-ingest" --no-progress -q --json --db $T/db.sqlite $md > $T/json 2> /dev/null
check_eq "-q --json: exit 1" 1 $?
check_eq "-q --json: not_file" 2 "$(json_get $T/json "j['not_file']")"
rm $md/new/link $md/new/fifo

# stdout on a full disk.
ingest --json --db $T/db.sqlite $md > /dev/full 2> $T/err
check_eq "--json > /dev/full: exit 70" 70 $?
check_eq "--json > /dev/full: said" \
    "dmarc-ingest: io: writing standard output: No space left on device" "$(cat $T/err)"
ingest -v --db $T/db.sqlite $md > /dev/full 2> $T/err
check_eq "summary > /dev/full: exit 70" 70 $?
"$DR_BUILD/dmarc-ingest" --help > /dev/full 2> $T/err
check_eq "--help > /dev/full: exit 70" 70 $?
"$DR_BUILD/dmarc-ingest" --version > /dev/full 2> $T/err
check_eq "--version > /dev/full: exit 70" 70 $?
ingest -q --db $T/db.sqlite $md > /dev/full 2> $T/err
check_eq "-q writes nothing: exit 0" 0 $?
finish
