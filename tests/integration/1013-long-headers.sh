#!/usr/bin/env bash
# Header fields are capped like every stored string (issue 15: a 20 MB
# Subject grew the database by 20 MB): a non-report mail with a 2 MB
# Subject and a 2 MB Message-ID is stored with both cut to the field cap
# (--max-field-len, 4096 by default), ending in "[cut]".
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
md=$T/md
mkdir -p $md/new $md/cur $md/tmp
python3 - $md/new/long <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("From: a@b.example\nTo: d@example.com\n")
    f.write("Subject: " + "s" * (2 << 20) + "\n")
    f.write("Message-ID: <" + "m" * (2 << 20) + "@b.example>\n\nnot a report\n")
PY
ingest --db $T/db.sqlite $md > $T/out 2> $T/err
check_eq "exit status" 0 $?
check_grep "a non-report" "messages=1 .* not_report=1 " $T/out
check_eq "Subject cut to the cap" "4096 [cut]" "$(q "SELECT length(subject), substr(subject, -5) FROM messages" | tr '|' ' ')"
check_eq "Message-ID cut to the cap" "4096 [cut]" "$(q "SELECT length(message_id), substr(message_id, -5) FROM messages" | tr '|' ' ')"
size=$(( $(stat -c %s $T/db.sqlite) + $(stat -c %s $T/db.sqlite-wal 2>/dev/null || echo 0) ))
DR_CHECKS=$((DR_CHECKS + 1))
if [ $size -gt $((1 << 20)) ]; then
	echo "FAIL: database and WAL hold $size bytes (> 1 MiB)"; DR_FAILS=$((DR_FAILS + 1))
fi
# A larger --max-field-len keeps more.
rm -f $T/db.sqlite*
ingest -q --db $T/db.sqlite --max-field-len 10000 $md
check_eq "the cap follows --max-field-len" 10000 "$(q 'SELECT length(subject) FROM messages')"
finish
