#!/usr/bin/env bash
# 1017-default-paths: one default database everywhere.  CMakeLists.txt
# defines DR_DEFAULT_DB once; the binaries' --help, the man pages, README,
# docs/cron.md, docs/systemd.md, docs/postfix.md, the config example and
# the systemd units (as configured into the build) must all name that
# path, and none may name another database under /var/lib or ./dmarc.sqlite
# as a default.
. "$(dirname "$0")/lib.sh"
DEF=$(sed -n 's/^DR_DEFAULT_DB:STRING=//p' "$DR_BUILD/CMakeCache.txt")
check_eq "CMake defines DR_DEFAULT_DB" "/var/lib/dmarc-rua/dmarc.sqlite" "$DEF"
DIR=${DEF%/*}
"$DR_BUILD/dmarc-ingest" --help > "$T/ingest.help"
"$DR_BUILD/dmarc-report" --help > "$T/report.help"
for f in "$T/ingest.help" "$T/report.help" \
    "$DR_SRC/README.md" "$DR_SRC/docs/dmarc-ingest.1" \
    "$DR_SRC/docs/dmarc-report.1" "$DR_SRC/docs/cron.md" \
    "$DR_SRC/docs/systemd.md" "$DR_SRC/docs/dmarc-rua.conf.example"; do
	check_grep "${f##*/} names $DEF" "$DEF" "$f"
done
# The units and the state directory files, as cmake configured them
for f in dmarc-rua-ingest.service dmarc-rua-weekly.service; do
	check_grep "$f: says the database is $DEF" "$DEF" "$DR_BUILD/systemd/$f"
	check_grep "$f: may write $DIR" "^ReadWritePaths=$DIR( |\$)" \
	    "$DR_BUILD/systemd/$f"
done
check_grep "tmpfiles: $DIR 0750" "^d $DIR 0750 dmarc-rua dmarc-rua" \
    "$DR_BUILD/systemd/dmarc-rua.tmpfiles"
check_grep "sysusers: home $DIR" "^u dmarc-rua .* $DIR " \
    "$DR_BUILD/systemd/dmarc-rua.sysusers"
# No other default anywhere: every *.sqlite under /var/lib is DEF, and
# ./dmarc.sqlite or /var/lib/dmarc/ is named nowhere.
others=$(cat "$T/ingest.help" "$T/report.help" "$DR_SRC/README.md" \
    "$DR_SRC"/docs/*.1 "$DR_SRC"/docs/*.md "$DR_SRC"/docs/systemd/* \
    "$DR_SRC/docs/dmarc-rua.conf.example" |
    grep -oE '(/var/lib/[^ /]*/[^ ]*\.sqlite|\./dmarc\.sqlite|/var/lib/dmarc/)' |
    grep -vx "$DEF" | sort -u | tr '\n' ' ')
check_eq "no other default database" "" "$others"
# What the binaries do: with no --db, no DMARC_RUA_DB and an empty
# config file, the report looks for DEF.
env -u DMARC_RUA_DB "$DR_BUILD/dmarc-report" summary 2>"$T/e" >/dev/null
[ -e "$DEF" ] || check_grep "dmarc-report opens $DEF" "no database at $DEF" "$T/e"
finish
