#!/usr/bin/env bash
# 1019-install: `cmake --install` puts every file where the man pages and
# docs/systemd.md say (programs, man pages, units, sysusers.d, tmpfiles.d,
# the docs the man pages point to), and the units pass
# `systemd-analyze verify` when it is available.
. "$(dirname "$0")/lib.sh"
need_tool cmake
P="$T/inst"
cmake --install "$DR_BUILD" --prefix "$P" > "$T/install.log" 2>&1
check_eq "cmake --install" 0 $?
for f in bin/dmarc-ingest bin/dmarc-report \
    share/man/man1/dmarc-ingest.1 share/man/man1/dmarc-report.1 \
    lib/systemd/system/dmarc-rua-ingest.service \
    lib/systemd/system/dmarc-rua-ingest.timer \
    lib/systemd/system/dmarc-rua-weekly.service \
    lib/systemd/system/dmarc-rua-weekly.timer \
    lib/sysusers.d/dmarc-rua.conf lib/tmpfiles.d/dmarc-rua.conf \
    share/doc/dmarc-rua/dmarc-rua.conf.example share/dmarc-rua/sql/views.sql; do
	check_eq "installed: $f" yes "$([ -f "$P/$f" ] && echo yes)"
done
# Every docs/NAME a man page or docs/systemd.md points to is installed
# into share/doc/dmarc-rua/NAME.
for ref in $(cat "$DR_SRC"/docs/*.1 "$DR_SRC/docs/systemd.md" |
    grep -oE 'docs/[A-Za-z0-9._-]+\.(md|example)' | sort -u); do
	check_eq "man pages point to $ref: installed" yes \
	    "$([ -f "$P/share/doc/dmarc-rua/${ref#docs/}" ] && echo yes)"
done
# Every file under /lib/ that dmarc-ingest(1) FILES names, under the prefix.
for ref in $(grep -oE '/lib/(systemd/system|sysusers\.d|tmpfiles\.d)/[A-Za-z0-9.{},_-]+' \
    "$DR_SRC/docs/dmarc-ingest.1" | sort -u); do
	for f in $(eval echo "$ref"); do
		check_eq "dmarc-ingest(1) names $f: installed" yes \
		    "$([ -f "$P$f" ] && echo yes)"
	done
done
# The units run the installed programs (the configured bin dir) and the
# state directory of the default database.
BIN=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$DR_BUILD/CMakeCache.txt")/bin
check_grep "ingest unit runs $BIN/dmarc-ingest" \
    "^ExecStart=$BIN/dmarc-ingest -q /var/lib/dmarc-rua/Maildir\$" \
    "$P/lib/systemd/system/dmarc-rua-ingest.service"
check_grep "weekly unit runs $BIN/dmarc-report" "^ExecStart=$BIN/dmarc-report html" \
    "$P/lib/systemd/system/dmarc-rua-weekly.service"
check_eq "no @VAR@ left unconfigured" "" \
    "$(grep -l '@[A-Z_]*@' "$P"/lib/systemd/system/* "$P"/lib/*.d/* 2>/dev/null)"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "note: systemd-analyze not installed: units not verified"
	finish
	exit $?
fi
# verify wants the programs where ExecStart says: point the copies at
# the installed ones.
mkdir -p "$T/units"
for u in "$P"/lib/systemd/system/*; do
	sed "s|$BIN/|$P/bin/|g" "$u" > "$T/units/${u##*/}"
done
(cd "$T/units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
    ./dmarc-rua-ingest.service ./dmarc-rua-ingest.timer \
    ./dmarc-rua-weekly.service ./dmarc-rua-weekly.timer) > "$T/verify" 2>&1
rc=$?
# Outside a booted systemd (a container) verify may complain about the
# manager itself; only lines about our units count.
grep -E 'dmarc-rua' "$T/verify" > "$T/verify.ours"
check_eq "systemd-analyze verify: nothing about our units" "" "$(cat "$T/verify.ours")"
[ -s "$T/verify.ours" ] && echo "verify exit $rc:" && cat "$T/verify"
finish
