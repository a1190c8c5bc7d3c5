#!/bin/bash
# 2007: every command's --help lists every option its parser accepts, and
# docs/dmarc-report.1 covers every command of the program's table with
# each of its options.  The options a parser accepts are the quoted
# "--name" (and "-o") literals it compares against: report/main.c for the
# shared options, report/cmd_NAME.c for command NAME.  Nothing to set up:
# no database, no DNS.
. "$(dirname "$0")/lib.sh"
need_tool python3

MAN=$DR_SRC/docs/dmarc-report.1
# The man page as plain text: "\-" is "-".
sed 's/\\-/-/g' "$MAN" >"$T/man.txt"

# Options a source file compares argv against (in main.c: its
# parse_shared(), the rest of it being the tables under test).
opts_of() {
	case $1 in
	*/main.c) sed -n '/^parse_shared(/,/^}/p' "$1" ;;
	*) cat "$1" ;;
	esac | grep -oE '"(--[a-z][a-z-]*|-o)"' | tr -d '"' | sort -u
}

# The command table, as `dmarc-report --help` prints it.
report --help >"$T/help.txt"; check_eq "--help exit" 0 $?
"$DR_BUILD/dmarc-ingest" --help >"$T/ihelp.txt"
check_eq "--help of both programs within 80 columns" "" \
    "$(cat "$T/help.txt" "$T/ihelp.txt" | awk 'length > 80')"
sed -n '/^commands:/,/^$/p' "$T/help.txt" | awk 'NF > 1 { print $1 }' |
    sort >"$T/cmds.txt"
check_eq "commands listed" 10 "$(wc -l <"$T/cmds.txt")"
# The man page's commands: the first word of each .SS in COMMANDS.
sed -n '/^\.SH COMMANDS/,/^\.SH [^C]/p' "$T/man.txt" |
    awk '$1 == ".SS" { print $2 }' | sort >"$T/mancmds.txt"
check_eq "man page commands = program's" "$(paste -sd' ' "$T/cmds.txt")" \
    "$(paste -sd' ' "$T/mancmds.txt")"

# Shared options: in --help of the program and of every command, and in
# the man page's OPTIONS section.
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$T/man.txt" >"$T/man-opts.txt"
for o in $(opts_of "$DR_SRC/report/main.c"); do
	check_grep "--help lists shared $o" "^ +(-h, )?$o([ ,=]|$)" "$T/help.txt"
	check_grep "man OPTIONS has $o" "^\.B[IR]? +(-h \", \" )?$o([ ,]|$)" \
	    "$T/man-opts.txt"
done

# Each command: its --help lists each of its options, and its man
# section (from its .SS to the next .SS or .SH) names each.
while read -r c; do
	report "$c" --help >"$T/h-$c.txt"; check_eq "$c --help exit" 0 $?
	# an 80-column terminal shows every line whole (UTF-8 aware)
	check_eq "$c --help within 80 columns" "" \
	    "$(python3 -c 'import sys
for l in open(sys.argv[1], encoding="utf-8"):
    if len(l.rstrip("\n")) > 80: print(len(l.rstrip("\n")), l.rstrip())' "$T/h-$c.txt")"
	check_grep "$c --help usage line" "^usage: dmarc-report \[options\] $c" \
	    "$T/h-$c.txt"
	awk -v c="$c" '$1 == ".SS" { on = ($2 == c); next }
	    /^\.SH / { on = 0 } on' "$T/man.txt" >"$T/m-$c.txt"
	src=$DR_SRC/report/cmd_$c.c
	[ -f "$src" ] || { check_eq "$c has $src" yes no; continue; }
	for o in $(opts_of "$src"); do
		check_grep "$c --help lists $o" "^ +(-o, )?$o( |,|$)" "$T/h-$c.txt"
		check_grep "man: $c section names $o" "(^|[^a-z-])$o([^a-z-]|$)" \
		    "$T/m-$c.txt"
	done
done <"$T/cmds.txt"
finish
