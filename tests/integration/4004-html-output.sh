#!/usr/bin/env bash
# 4004-html-output: where `html -o PATH` writes (issue 15).  It replaced
# whatever was at PATH: a symbolic link, a FIFO or a device node became a
# regular file (as root, -o /dev/full replaced the device) and the mode
# was reset.  Now: a regular file or a new name is written atomically and
# keeps its mode; a symbolic link is followed (its regular target is
# replaced, the link stays; a link to nothing is refused); a FIFO or a
# device is written through, never replaced; a full device fails with
# exit 70 and one line; -o - is standard output.  Also --now before 2000
# (--now 0 was labelled 1969-W01) is refused.
. "$DR_SRC/tests/integration/lib.sh"
need_tool sqlite3
need_tool timeout
need_ingest
DB=$T/db.sqlite
copy_maildir "$DR_SRC/samples/maildir" "$T/md"
ingest -q --db "$DB" "$T/md" 2>/dev/null
html() { timeout 20 "$DR_BUILD/dmarc-report" --db "$DB" --no-dns html \
    --week 2026-W46 --now 1795046400 "$@"; }
is_page() { head -c 15 "$1" | grep -q '^<!DOCTYPE html>'; }
umask 022

# a new name: created 0644 (umask 022)
html -o "$T/new.html"; check_eq "new: exit" 0 $?
check_eq "new: a page, mode 644" "yes 644" \
    "$(is_page "$T/new.html" && echo yes) $(stat -c %a "$T/new.html")"

# a regular file: replaced atomically (a new inode), its mode kept
echo old >"$T/reg.html"; chmod 640 "$T/reg.html"
ino=$(stat -c %i "$T/reg.html")
html -o "$T/reg.html"; check_eq "regular: exit" 0 $?
check_eq "regular: a page, mode 640 kept" "yes 640" \
    "$(is_page "$T/reg.html" && echo yes) $(stat -c %a "$T/reg.html")"
check_eq "regular: replaced by rename" yes \
    "$([ "$(stat -c %i "$T/reg.html")" != "$ino" ] && echo yes)"
check_eq "regular: no tmp left" "" "$(ls "$T" | grep '\.tmp\.')"

# a symbolic link: followed; the target is replaced, the link stays
mkdir "$T/site"; echo old >"$T/site/week.html"; chmod 600 "$T/site/week.html"
ln -s site/week.html "$T/link.html"
html -o "$T/link.html"; check_eq "symlink: exit" 0 $?
check_eq "symlink: still a link to the same target" "site/week.html" \
    "$(readlink "$T/link.html")"
check_eq "symlink: target is the page, mode 600 kept" "yes 600" \
    "$(is_page "$T/site/week.html" && echo yes) $(stat -c %a "$T/site/week.html")"

# a symbolic link to nothing: refused, nothing created
ln -s missing.html "$T/dangling.html"
html -o "$T/dangling.html" 2>"$T/err"; check_eq "dangling: exit" 70 $?
check_grep "dangling: message" \
    "^dmarc-report: html: cannot write $T/dangling.html: a symbolic link to a missing file \(refused\)$" \
    "$T/err"
check_eq "dangling: no target made" no "$([ -e "$T/missing.html" ] && echo yes || echo no)"

# a FIFO: written through, still a FIFO
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/from-fifo.html" &
reader=$!
html -o "$T/fifo"; check_eq "fifo: exit" 0 $?
wait $reader
check_eq "fifo: still a FIFO" fifo "$([ -p "$T/fifo" ] && echo fifo)"
check_eq "fifo: the reader got the page" yes "$(is_page "$T/from-fifo.html" && echo yes)"
cmp -s "$T/from-fifo.html" "$T/new.html"; check_eq "fifo: same bytes" 0 $?

# a full device (our own node when we may make one, else /dev/full):
# exit 70, one clear line, the device stays a device
full=
if mknod "$T/full" c 1 7 2>/dev/null; then
	full=$T/full
elif [ -c /dev/full ]; then
	full=/dev/full
fi
if [ -n "$full" ]; then
	html -o "$full" 2>"$T/err"; check_eq "full: exit" 70 $?
	check_eq "full: one line" 1 "$(wc -l <"$T/err")"
	check_grep "full: message" \
	    "^dmarc-report: html: cannot write $full: No space left on device$" "$T/err"
	check_eq "full: still a device" chr "$([ -c "$full" ] && echo chr)"
	html >"$full" 2>"$T/err"; check_eq "stdout full: exit" 70 $?
	check_eq "stdout full: one line" 1 "$(wc -l <"$T/err")"
else
	echo "note: no full device here: that part skipped"
fi

# a directory: refused
html -o "$T/site" 2>"$T/err"; check_eq "directory: exit" 70 $?
check_grep "directory: message" "cannot write $T/site: Is a directory" "$T/err"

# -o -: standard output, no file named "-"
(cd "$T" && html -o - >"$T/stdout.html"); check_eq "-o -: exit" 0 $?
cmp -s "$T/stdout.html" "$T/new.html"; check_eq "-o -: the page on stdout" 0 $?
check_eq "-o -: no file '-'" no "$([ -e "$T/-" ] && echo yes || echo no)"

# --now before 2000-01-01: refused (--now 0 was labelled 1969-W01)
for v in 0 946684799 -1; do
	report --db "$DB" --no-dns html --now "$v" -o "$T/now.html" 2>"$T/err"
	check_eq "--now $v: exit" 64 $?
	check_grep "--now $v: message" \
	    "^dmarc-report: --now '$v': expected Unix seconds from 2000-01-01 \(946684800\) on$" \
	    "$T/err"
done
DMARC_RUA_NOW=0 report --db "$DB" --no-dns html -o "$T/now.html" 2>"$T/err"
check_eq "DMARC_RUA_NOW=0: exit" 64 $?
check_grep "DMARC_RUA_NOW=0: message" "DMARC_RUA_NOW '0': expected Unix seconds from 2000" "$T/err"
check_eq "no page for a bad --now" no "$([ -e "$T/now.html" ] && echo yes || echo no)"
report --db "$DB" --no-dns html --now 946684800 -o "$T/now.html"
check_eq "--now 2000-01-01: exit" 0 $?
check_grep "--now 2000-01-01: the week before" "1999-W51" "$T/now.html"
finish
