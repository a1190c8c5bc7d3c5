#!/usr/bin/env bash
# Two Maildirs in one run, each with a different message under the same
# unique name N, filed into one --archive: both are read and stored, and
# the second is filed under a new name (N.1), never over the first (issue
# 15: it used to be recognized by its name alone, never parsed, and its
# move replaced ARC/cur/N:2,S).  The same name with the same content is
# the same message: recognized, not parsed again.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
x=$DR_SRC/tests/data/xml/minimal.xml
for d in md1 md2 md3 arc; do mkdir -p $T/$d/new $T/$d/cur $T/$d/tmp; done
cp $x $T/md1/new/N
sed 's/min-1/min-2/' $x > $T/md2/new/N

ingest --db $T/db.sqlite --archive $T/arc $T/md1 $T/md2 > $T/out 2> $T/err
check_eq "exit status" 0 $?
check_grep "both stored" "messages=2 stored=2 " $T/out
check_eq "both reports" "min-1 min-2" "$(q 'SELECT report_id FROM reports ORDER BY 1' | tr '\n' ' ' | sed 's/ $//')"
check_eq "archive holds both, under two names" "N.1:2,S N:2,S" "$(ls $T/arc/cur | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "first message intact" min-1 "$(grep -o 'min-[0-9]' "$T/arc/cur/N:2,S")"
check_eq "second message intact" min-2 "$(grep -o 'min-[0-9]' "$T/arc/cur/N.1:2,S")"
check_eq "sources emptied" "" "$(ls $T/md1/new; ls $T/md2/new)"

# A third Maildir with a copy of md1's N (same name, same content): the
# same message, recognized by name and SHA-256, filed, not counted again.
cp $x $T/md3/new/N
ingest --db $T/db.sqlite --archive $T/arc $T/md3 > $T/out 2> $T/err
check_eq "copy: exit status" 0 $?
check_grep "copy: not parsed again" "messages=0 stored=0 duplicates=0 " $T/out
check_eq "copy: filed under a third name" "N.1:2,S N.2:2,S N:2,S" "$(ls $T/arc/cur | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "copy: still two reports" 2 "$(q 'SELECT count(*) FROM reports')"
finish
