#!/usr/bin/env bash
# tests/check-deps-planted.sh SRC -- proves that tests/check-deps.sh can
# fail: each violation below is planted in a copy of the tree (or in a
# small fake build of object files) and must be reported by name.
set -u
src=${1:?usage: check-deps-planted.sh SRC}
T=$(mktemp -d /tmp/dr-deps-XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 checks=0
expect() { # what pattern output-file
	checks=$((checks + 1))
	if ! grep -q -- "$2" "$3"; then
		echo "FAIL: $1: /$2/ not reported:"; sed 's/^/    /' "$3" | head -20
		fails=$((fails + 1))
	fi
}
expect_rc() { # what expected actual
	checks=$((checks + 1))
	[ "$2" = "$3" ] || { echo "FAIL: $1: exit $3, expected $2"; fails=$((fails + 1)); }
}

# a copy of the product folders and the checker
mkdir -p "$T/tree/tests"
cp -a "$src/util" "$src/store" "$src/ingest" "$src/report" "$T/tree/"
cp "$src/tests/deps.rules" "$src/tests/deps-graph.py" "$src/tests/check-deps.sh" "$T/tree/tests/"

# 1. a pure parser including a higher layer
echo '#include "report/check/check.h"' >>"$T/tree/report/records/tok.c"
# 2. sqlite3 outside store/
echo '#include <sqlite3.h>' >>"$T/tree/report/out/escape.c"
# 2b. libpq outside store/
echo '#include <libpq-fe.h>' >>"$T/tree/report/out/out_csv.c"
# 3. a banned function
echo 'static int f(const char *s) { return atoi(s); }' >>"$T/tree/report/dns/resolver.c"
# 4. a folder without a rule
mkdir -p "$T/tree/report/stray" && echo 'int stray(void);' >"$T/tree/report/stray/stray.h"
bash "$T/tree/tests/check-deps.sh" "$T/tree" >"$T/out1" 2>&1
expect_rc "planted tree fails" 1 $?
expect "include arrow" 'report/records/tok.c:[0-9]*: includes report/check/check.h: report/records may not use report/check' "$T/out1"
expect "sqlite3 rule" 'report/out/escape.c:[0-9,]*: sqlite3 outside store/' "$T/out1"
expect "libpq rule" 'report/out/out_csv.c:[0-9,]*: sqlite3 outside store/ (nor libpq' "$T/out1"
expect "banned function" 'report/dns/resolver.c:[0-9]*: banned function' "$T/out1"
expect "folder without rule" 'report/stray: holds C files but has no line' "$T/out1"

# 5. link level: a cycle between two files and a call across a forbidden
#    arrow, in a fake build directory laid out as CMake lays it out
cc=${CC:-cc}
if command -v "$cc" >/dev/null && command -v nm >/dev/null; then
	R=$T/build/report/records/CMakeFiles/dr_records.dir
	C=$T/build/report/check/CMakeFiles/dr_check.dir
	mkdir -p "$R" "$C"
	printf 'int pb(void);\nint pa(void) { return pb(); }\n' >"$T/a.c"
	printf 'int pa(void);\nint pb(void) { return pa() + 1; }\n' >"$T/b.c"
	printf 'int chk(void);\nint pc(void) { return chk(); }\n' >"$T/c.c"
	printf 'int chk(void) { return 0; }\n' >"$T/d.c"
	$cc -c "$T/a.c" -o "$R/a.c.o" && $cc -c "$T/b.c" -o "$R/b.c.o" &&
	    $cc -c "$T/c.c" -o "$R/c.c.o" && $cc -c "$T/d.c" -o "$C/d.c.o"
	python3 "$src/tests/deps-graph.py" "$src/tests/deps.rules" "$T/build" >"$T/out2" 2>&1
	expect_rc "planted build fails" 1 $?
	expect "file cycle" 'cycle: report/records/a.c -> report/records/b.c -> report/records/a.c' "$T/out2"
	expect "link arrow" 'report/records/c.c uses report/check/d.c: report/records may not use report/check' "$T/out2"
else
	echo "FAIL: no C compiler or nm for the link-level case"; fails=$((fails + 1))
fi
echo "$((checks - fails)) passed, $fails failed"
[ $fails -eq 0 ]
