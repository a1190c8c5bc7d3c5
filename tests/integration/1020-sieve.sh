#!/usr/bin/env bash
# 1020-sieve: the Sieve rule of docs/postfix.md (docs/sieve/dmarc-rua.sieve)
# files reports into the folder DMARC and leaves other mail in INBOX, as
# Dovecot's sieve-test (Pigeonhole) evaluates it.
. "$(dirname "$0")/lib.sh"
need_tool sieve-test "(dovecot-sieve) to evaluate the Sieve rule"
S="$DR_SRC/samples/maildir/new"
cp "$DR_SRC/docs/sieve/dmarc-rua.sieve" "$T/"
cp "$S"/1794268800.M01P1001.mx.example.com "$T/google.eml"
cp "$S"/1794446100.M09P1009.mx.example.com "$T/forwarded.eml"
cp "$S"/1794790200.M15P1015.mx.example.com "$T/lunch.eml"
chmod -R a+rwX "$T"
# sieve-test refuses to run as root (no mail_uid): as nobody, then
st() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$T" && runuser -u nobody -- env HOME="$T" sieve-test "$@" 2>&1)
	else
		(cd "$T" && HOME="$T" sieve-test "$@" 2>&1)
	fi
}
action() { st "$@" | sed -n '/^Performed actions:/,/^Implicit keep:/p' |
    grep -o 'store message in folder: .*' | head -1; }
keep() { st "$@" | sed -n '/^Implicit keep:/,$p' |
    grep -o 'store message in folder: .*' | head -1; }
check_eq "report by subject: DMARC" "store message in folder: DMARC" \
    "$(action dmarc-rua.sieve google.eml)"
check_eq "forwarded report (Fwd: Report Domain:): DMARC" \
    "store message in folder: DMARC" "$(action dmarc-rua.sieve forwarded.eml)"
check_eq "other mail: no action" "" "$(action dmarc-rua.sieve lunch.eml)"
check_eq "other mail: kept in INBOX" "store message in folder: INBOX" \
    "$(keep dmarc-rua.sieve lunch.eml)"
check_eq "anything to the rua address: DMARC" "store message in folder: DMARC" \
    "$(action -r dmarc-reports@example.com dmarc-rua.sieve lunch.eml)"
finish
