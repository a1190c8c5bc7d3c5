#!/bin/bash
# 2008: terminal tables fit the terminal.  A report whose org_name is
# long, holds a bidi override and CJK (two columns each) is listed by
# `reports` at COLUMNS=60, 80 and 200, and on a pseudo-terminal of 60
# columns (script -qc, no COLUMNS): every table line fits, the key columns
# stay, a cut cell ends with U+2026 and the footer says what was hidden or
# cut; --wide and a pipe without COLUMNS keep every column.
. "$(dirname "$0")/lib.sh"
need_ingest
need_tool python3 "to measure display widths"

# 20 CJK characters (40 columns), a long name and U+202E.
ORG="Example Mail Receiver Incorporated International 日本語日本語日本語日本語日本語日本語日本語日本 ‮evil"
mkdir -p "$T/in"
sed -e "s|<org_name>min.example</org_name>|<org_name>$ORG</org_name>|" \
    "$DR_SRC/tests/data/xml/minimal.xml" >"$T/in/wide.xml"
ingest -q --db "$T/db.sqlite" "$T/in/wide.xml"; check_eq "ingest" 0 $?
W="--db $T/db.sqlite --since 2024-01-01 --until 2024-01-01"

# widest table line (footer lines start with "(") in terminal columns
width() {
	python3 -c '
import sys, unicodedata
m = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\r\n")
    if line.startswith("("):
        continue
    w = sum(0 if unicodedata.combining(c) else
            2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    m = max(m, w)
print(m)' "$1"
}

for cols in 60 80; do
	COLUMNS=$cols report $W reports >"$T/r$cols.txt"
	check_eq "COLUMNS=$cols exit" 0 $?
	check_eq "COLUMNS=$cols: fits" yes \
	    "$([ "$(width "$T/r$cols.txt")" -le $cols ] && echo yes || echo no)"
	check_grep "COLUMNS=$cols: report id kept" "min-1" "$T/r$cols.txt"
	check_grep "COLUMNS=$cols: cut cell ends with U+2026" "…" "$T/r$cols.txt"
	check_grep "COLUMNS=$cols: footer on cuts" \
	    "^\(cells ending in … are cut; --format csv or json has them whole\)$" \
	    "$T/r$cols.txt"
	check_eq "COLUMNS=$cols: bidi override never raw" 0 \
	    "$(grep -c $'\u202e' "$T/r$cols.txt")"
done
check_grep "COLUMNS=60: columns hidden" \
    "^\([0-9]+ columns? hidden: .*; use --wide\)$" "$T/r60.txt"

COLUMNS=200 report $W reports >"$T/r200.txt"
check_eq "COLUMNS=200: fits" yes \
    "$([ "$(width "$T/r200.txt")" -le 200 ] && echo yes || echo no)"
check_grep "COLUMNS=200: every column" "MSGS$" "$T/r200.txt"
check_eq "COLUMNS=200: nothing hidden" 0 "$(grep -c 'hidden' "$T/r200.txt")"
# a hostile cell is cut at 64 columns whatever the width, on a CJK
# character's boundary
check_grep "COLUMNS=200: name cut at 64 columns" \
    "^Example Mail Receiver Incorporated International 日本語日本語日…  min-1" \
    "$T/r200.txt"

COLUMNS=60 report $W --wide reports >"$T/wide.txt"
check_grep "--wide: every column" "MSGS$" "$T/wide.txt"
check_eq "--wide: nothing hidden" 0 "$(grep -c 'hidden' "$T/wide.txt")"
env -u COLUMNS "$DR_BUILD/dmarc-report" $W reports >"$T/pipe.txt"
check_eq "pipe, no COLUMNS: nothing hidden" 0 "$(grep -c 'hidden' "$T/pipe.txt")"

# A real terminal, 60 columns wide, no COLUMNS: TIOCGWINSZ decides.
if command -v script >/dev/null 2>&1; then
	env -u COLUMNS script -qec "stty cols 60 rows 40; $DR_BUILD/dmarc-report $W reports" \
	    /dev/null </dev/null | tr -d '\r' >"$T/tty.txt"
	check_eq "tty 60: fits" yes \
	    "$([ "$(width "$T/tty.txt")" -le 60 ] && echo yes || echo no)"
	check_grep "tty 60: columns hidden" "hidden: .*use --wide" "$T/tty.txt"
else
	skip_part_or_fail "script(1) missing: the pseudo-terminal case"
fi

# csv and json are never cut
COLUMNS=60 report $W reports --format csv >"$T/r.csv"
check_grep "csv: whole name" "日本語日本語日本語日本語日本語日本語日本語日本 " "$T/r.csv"
finish
