#!/usr/bin/env bash
# The dependency direction as a test (STYLE.md section 11): ingest/ never
# includes report/, report/ never includes ingest/, store/ and util/ include
# neither, util/ includes no store/; and banned C functions stay out.
set -u
src=${1:-.}
fail=0
check() { # dir pattern message
	if grep -rnE "$2" "$src/$1" --include='*.c' --include='*.h' >/tmp/check-deps.$$ 2>/dev/null; then
		echo "check-deps: $3:"; cat /tmp/check-deps.$$; fail=1
	fi
}
check ingest '#include "report/' 'ingest/ includes report/'
check report '#include "ingest/' 'report/ includes ingest/'
check store '#include "(ingest|report)/' 'store/ includes ingest/ or report/'
check util '#include "(ingest|report|store)/' 'util/ includes a higher layer'
for d in util store ingest report; do
	check $d '(^|[^_a-z])(sprintf|strcpy|strcat|gets|atoi)\(' "banned function in $d/"
done
rm -f /tmp/check-deps.$$
[ $fail -eq 0 ] && echo "check-deps: ok"
exit $fail
