#!/usr/bin/env bash
# util/gen-reasons.sh [OUT] -- writes docs/reasons.md from util/reasons.def.
# tests run it with --check to make sure the committed file is current.
set -euo pipefail
cd "$(dirname "$0")/.."
gen() {
	echo "# Reason IDs"
	echo
	echo "Generated from \`util/reasons.def\` by \`util/gen-reasons.sh\`: do not edit."
	echo "Every rejection, skip and warning carries one of these stable IDs: it is"
	echo "printed on stderr (\`dmarc-ingest: FILE (PART): ID: detail\`) and stored in"
	echo "\`messages.reason\` and \`ingest_log.reason\`."
	echo
	echo "| ID | kind | meaning |"
	echo "|---|---|---|"
	sed -n 's/^X(\([A-Z_0-9]*\),[[:space:]]*\([A-Z]*\),[[:space:]]*"\([^"]*\)",[[:space:]]*"\([^"]*\)").*/| `\3` | \2 | \4 |/p' util/reasons.def |
	    sed 's/| NONE |/| outcome |/; s/| SKIP |/| skip (not a report) |/; s/| REJECT |/| reject (quarantined) |/; s/| WARN |/| warning (stored) |/; s/| TEMP |/| deferred (left in place) |/; s/| FATAL |/| run error |/'
	echo
	echo "Kinds: *reject* — the input is broken or hostile: the message goes to"
	echo "quarantine and counts as rejected (exit status 1); *skip* — not an"
	echo "aggregate report: left in place and remembered; *warning* — stored, the"
	echo "oddity is kept in \`ingest_log\`; *deferred* — the message cannot be read"
	echo "now: it stays where it is, is named again by every run and the run exits"
	echo "75 until the cause is fixed (no row is written for it); *run error* — the"
	echo 'run stops with the exit status of its reason (`util/exits.def`, the'
	echo "table in README.md)."
}
if [ "${1:-}" = "--check" ]; then
	diff -u docs/reasons.md <(gen) && echo "docs/reasons.md is current"
else
	gen > "${1:-docs/reasons.md}"
fi
