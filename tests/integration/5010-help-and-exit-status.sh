#!/usr/bin/env bash
# The interface, as documented (issue 14).  Every option a program parses
# is in its --help: dmarc-ingest's longopts[] table, dmarc-report's shared
# options (report/main.c) and each command's own (report/cmd_NAME.c, in
# `dmarc-report NAME --help` and `dmarc-report help NAME`).  Every exit
# status in util/exits.def, the one table of both programs, is in the EXIT
# STATUS section of both man pages and in README.md's table, and they list
# no other; no program returns a bare number.
set -u
. "$(dirname "$0")/lib.sh"
S=$DR_SRC

# --- dmarc-ingest --help ---------------------------------------------------
"$DR_BUILD/dmarc-ingest" --help > $T/ingest.help
check_eq "dmarc-ingest --help: exit 0" 0 $?
opts=$(grep -oE '^\s*\{ "[a-z-]+", (no|required)_argument' $S/ingest/main.c |
    grep -oE '"[a-z-]+"' | tr -d '"' | grep -v '^no-lock-for-tests$')
check_eq "dmarc-ingest: options found in longopts[]" yes "$([ $(echo "$opts" | wc -l) -gt 15 ] && echo yes || echo no)"
for o in $opts; do
	check_grep "dmarc-ingest --help lists --$o" "(^|[ ,])--$o([ ,=]|$)" $T/ingest.help
done

# --- dmarc-report: shared options and each command's ------------------------
shared=$(grep -oE '(opt_value\(|argv\[i\], )"--?[a-z][a-z-]*"' $S/report/main.c |
    grep -oE '"[^"]+"' | tr -d '"')
cmds=$(grep -oE '^\s*\{ "[a-z]+", cmd_[a-z]+,' $S/report/main.c | grep -oE '"[a-z]+"' | tr -d '"')
check_eq "dmarc-report: the command table" "summary failures sources reports query html alerts readiness check prune" "$(echo $cmds)"
for c in $cmds; do
	for how in "$c --help" "help $c"; do
		"$DR_BUILD/dmarc-report" $how > $T/$c.help 2> $T/err
		check_eq "dmarc-report $how: exit 0" 0 $?
		check_grep "dmarc-report $how: its usage" "^usage: dmarc-report \[options\] $c " $T/$c.help
		for o in $shared $(grep -oE '"--?[a-z][a-z-]*"' $S/report/cmd_$c.c | tr -d '"' | sort -u); do
			check_grep "dmarc-report $how lists $o" "(^|[ [|,])$o([] |,=]|$)" $T/$c.help
		done
	done
done
"$DR_BUILD/dmarc-report" --help > $T/report.help
check_eq "dmarc-report --help: exit 0" 0 $?
for c in $cmds; do
	check_grep "dmarc-report --help lists $c" "^  $c " $T/report.help
done

# --- exit statuses: util/exits.def = man pages = README ---------------------
codes=$(sed -n 's/^X(DX_[A-Z]*,[[:space:]]*\([0-9]*\),.*/\1/p' $S/util/exits.def | sort -n | tr '\n' ' ')
check_eq "exits.def: the codes" "0 1 64 65 66 69 70 75 77 78 " "$codes"
for m in dmarc-ingest dmarc-report; do
	# .SH EXIT STATUS up to the next .SH: each code is a ".B N" tag
	documented=$(awk '/^\.SH EXIT STATUS/ { on = 1; next } /^\.SH/ { on = 0 }
	    on && prev == ".TP" && /^\.B [0-9]+$/ { print $2 } { prev = $0 }' \
	    $S/docs/$m.1 | sort -n | tr '\n' ' ')
	check_eq "$m.1 EXIT STATUS lists every code" "$codes" "$documented"
done
readme=$(sed -n 's/^| \([0-9][0-9]*\) | .*/\1/p' $S/README.md | sort -n | tr '\n' ' ')
check_eq "README.md's exit status table lists every code" "$codes" "$readme"
check_eq "no bare exit numbers in the programs" "" \
    "$(grep -nE '(return|exit\()[[:space:]]*\(?[0-9]{2}\b' $S/ingest/main.c $S/report/main.c $S/report/cli.c $S/report/cmd_*.c)"
finish
