#!/usr/bin/env bash
# util/deps.sh [--test] -- install the Debian packages dmarc-rua needs, if
# missing: the build's libraries (libpq-dev: the PostgreSQL store is always
# built) and the clients an operator uses (sqlite3; psql, which
# util/sqlite-to-pg.sh runs).  --test adds what the test suite uses (NSD,
# Chromium, clang for the fuzzers, valgrind, GNU time, Dovecot's sieve-test
# for the Sieve rule, systemd-analyze for the units, mount for 6006's small
# tmpfs, and the PostgreSQL
# server binaries that tests/pg/pg-run.sh runs as throwaway clusters in temp
# dirs -- the cluster the package may create is never used).  PostgreSQL is
# named by version: 15, the issue's, is Debian 12's.  Safe to run again: it
# installs nothing that is already there.
set -euo pipefail
build_pkgs="build-essential cmake pkg-config libxml2-dev zlib1g-dev libzip-dev
libsqlite3-dev sqlite3 libpq-dev libgmime-3.0-dev libc-ares-dev libpsl-dev libidn2-dev publicsuffix
libcmocka-dev nettle-dev ca-certificates"
test_pkgs="nsd chromium clang libclang-rt-14-dev libfuzzer-14-dev zip e2fsprogs valgrind time python3 python3-yaml xxd
iproute2 util-linux mount jq strace dovecot-core dovecot-sieve systemd postgresql-15"
# psql: for util/sqlite-to-pg.sh and docs/POSTGRESQL.md's set-up
client_pkgs="postgresql-client-15"
want="$build_pkgs $client_pkgs"
[ "${1:-}" = "--test" ] && want="$want $test_pkgs"
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
