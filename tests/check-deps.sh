#!/usr/bin/env bash
# tests/check-deps.sh SRC [BUILD] -- the layers' arrows as a test.
#
#   1. Every #include "x/y.h" of a product file names a folder its folder
#      may use (tests/deps.rules); only store/ includes <sqlite3.h> or
#      <libpq-fe.h>, or calls sqlite3_* or PQ*; banned C functions stay out (STYLE practice 9).
#   2. Given BUILD, the same arrows hold for the functions each object file
#      uses, and the files form no cycle (tests/deps-graph.py, nm).
# DR_DEPS_RULES overrides the rules file (the planted-violation test).
set -u
src=${1:-.}
build=${2:-}
rules=${DR_DEPS_RULES:-$src/tests/deps.rules}
fail=0
say() { echo "check-deps: $*"; fail=1; }

# folder -> allowed folders, from the rules file
declare -A allow
while IFS= read -r line; do
	line=${line%%#*}
	[[ $line == *:* ]] || continue
	f=${line%%:*}; f=${f// /}
	allow[$f]=" ${line#*:} "
done <"$rules"

for folder in "${!allow[@]}"; do
	[ -d "$src/$folder" ] || { say "$folder: in the rules but not in the tree"; continue; }
	for file in "$src/$folder"/*.c "$src/$folder"/*.h; do
		[ -e "$file" ] || continue
		rel=${file#"$src"/}
		while IFS=: read -r n inc; do
			inc=${inc#*\"}; inc=${inc%\"*}
			dir=${inc%/*}
			[ "$dir" = "$folder" ] && continue
			case "${allow[$folder]}" in *" $dir "*) continue ;; esac
			say "$rel:$n: includes $inc: $folder may not use $dir"
		done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file")
		if [ "$folder" != store ]; then
			# code lines only: comments may name sqlite3
			n=$(grep -n 'sqlite3\.h\|sqlite3_[a-z]\|store_db(\|libpq-fe\.h\|[^a-zA-Z_]PQ[a-z]\+(' "$file" |
			    grep -v '^[0-9]*:[[:space:]]*/\?\*' | cut -d: -f1 | paste -sd, -)
			[ -z "$n" ] || say "$rel:$n: sqlite3 outside store/ (nor libpq: use store/read.h)"
		fi
		grep -nE '(^|[^_a-z])(sprintf|strcpy|strcat|gets|atoi)\(' "$file" |
		    while IFS= read -r l; do echo "check-deps: $rel:${l%%:*}: banned function"; done | grep . && fail=1
	done
done
# every product folder has a rule
while IFS= read -r d; do
	d=${d#"$src"/}
	[ -n "${allow[$d]+x}" ] || say "$d: holds C files but has no line in $rules"
done < <(find "$src/util" "$src/store" "$src/ingest" "$src/report" -name '*.[ch]' -printf '%h\n' | sort -u)

if [ -n "$build" ]; then
	python3 "$src/tests/deps-graph.py" "$rules" "$build" "$src" || fail=1
fi
[ $fail -eq 0 ] && echo "check-deps: ok"
exit $fail
