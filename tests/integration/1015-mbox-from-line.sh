#!/usr/bin/env bash
# 1015-mbox-from-line: a message saved with its mbox separator line
# ("From sender date", RFC 4155) is the same message: its report is stored,
# as a file argument and in a Maildir (issue 15 item 12, first half).
. "$(dirname "$0")/lib.sh"
msg=$(ls "$DR_SRC/samples/maildir/new/" | head -1)
src=$DR_SRC/samples/maildir/new/$msg
{ echo "From dmarc-noreply@google.com Mon Nov 16 00:00:00 2026"; cat "$src"; } >"$T/saved.eml"

ingest -q --db "$T/a.sqlite" "$T/saved.eml"
check_eq "file with a From line: exit 0" 0 $?
check_eq "file with a From line: report stored" 1 \
    "$(DB=$T/a.sqlite q 'SELECT count(*) FROM reports')"
ingest -q --db "$T/b.sqlite" "$src"
check_eq "same report as without the line" \
    "$(DB=$T/b.sqlite q 'SELECT digest FROM reports')" \
    "$(DB=$T/a.sqlite q 'SELECT digest FROM reports')"

mkdir -p "$T/md/new" "$T/md/cur" "$T/md/tmp"
cp "$T/saved.eml" "$T/md/new/1794268800.M1P1.host"
ingest -q --db "$T/c.sqlite" "$T/md"
check_eq "Maildir message with a From line: stored" 1 \
    "$(DB=$T/c.sqlite q "SELECT count(*) FROM messages WHERE outcome = 'stored'")"

# A separator line and nothing else is not a message.
printf 'From x@y Mon Nov 16 00:00:00 2026\n' >"$T/only.eml"
ingest -q --db "$T/d.sqlite" "$T/only.eml"
check_eq "separator only: not a report" "not_report|not-a-message" \
    "$(DB=$T/d.sqlite q 'SELECT outcome, reason FROM messages')"
finish
