#!/usr/bin/env bash
# A --max-* override above its hard limit (util/limits.h), and a check
# --timeout or --tries above theirs, is a usage error
# (exit 64, one line naming the option, the value and the limit, nothing
# read or written), never silently clamped; a value at the hard limit is
# accepted.
set -u
. "$(dirname "$0")/lib.sh"
DB=$T/db.sqlite
xml=$DR_SRC/tests/data/xml/minimal.xml

# refused OPTION VALUE LIMIT
refused() {
	ingest -q --db "$DB" "$1" "$2" "$xml" > $T/out 2> $T/err
	check_eq "$1 $2: exit 64" 64 $?
	check_eq "$1 $2: message" \
	    "dmarc-ingest: usage: $1 $2 is above the hard limit $3" "$(cat $T/err)"
	check_eq "$1 $2: nothing on stdout" "" "$(cat $T/out)"
	check_eq "$1 $2: no database" no "$([ -e "$DB" ] && echo yes || echo no)"
}
refused --max-decompressed 9999999999 1073741824
refused --max-decompressed 1073741825 1073741824
refused --max-zip-members 1000001 1000000
refused --max-mime-depth 65 64
refused --max-mime-parts 1000001 1000000
refused --max-xml-depth 257 256
refused --max-field-len 1000001 1000000

# At the hard limit: accepted, the report is stored.
ingest -q --db "$DB" --max-decompressed 1073741824 --max-xml-depth 256 \
    --max-mime-depth 64 "$xml"
check_eq "at the hard limits: exit 0" 0 $?
check_eq "at the hard limits: stored" 1 "$(q 'SELECT count(*) FROM reports')"

# dmarc-report check: --timeout and --tries above their hard limits
# (util/limits.h) are refused before any lookup, never clamped.
for spec in "--timeout 60001 60000" "--tries 11 10"; do
	set -- $spec
	report --db "$DB" check example.com "$1" "$2" --dns-server 127.0.0.1:9 \
	    > $T/out 2> $T/err
	check_eq "check $1 $2: exit 64" 64 $?
	check_eq "check $1 $2: message" \
	    "dmarc-report: check: $1 $2 is above the hard limit $3" "$(head -1 $T/err)"
	check_eq "check $1 $2: nothing on stdout" "" "$(cat $T/out)"
done
finish
