#!/usr/bin/env bash
# 4001-html-chromium: Debian's Chromium, headless and offline, loads the
# weekly page of the samples (plus xss-bait.xml moved into the same week)
# from file://; the rendered DOM (--dump-dom) must hold the key numbers,
# no <script> element and no on* attribute, and show the hostile
# org_name as text.  Screenshots (desktop 1200x2000 and phone 390x2400)
# are kept in $DR_BUILD/html-screenshots/ for people to look at.
# Installs chromium with apt-get when it is missing and that is allowed
# (root or password-less sudo, and DR_NO_INSTALL unset); otherwise skips
# (fails with CI set: see skip_or_fail in lib.sh).
set -u
. "$(dirname "$0")/lib.sh"
DC="$DR_SRC/tests/html/domcheck.py"
S="$DR_SRC/samples"
[ -f "$S/EXPECTED.tsv" ] || skip_or_fail "samples/ not present"
need_tool python3

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ] && [ -z "${DR_NO_INSTALL:-}" ] && command -v apt-get >/dev/null; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
	if [ -z "$SUDO" ] || sudo -n true 2>/dev/null; then
		echo "installing chromium with apt-get"
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
			--no-install-recommends chromium >/dev/null 2>&1 ||
		{ DEBIAN_FRONTEND=noninteractive $SUDO apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
			--no-install-recommends chromium >/dev/null 2>&1; }
	fi
	CHROME=$(command -v chromium || command -v chromium-browser || true)
fi
[ -n "$CHROME" ] || skip_or_fail "chromium not installed and cannot be installed"

ex() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$S/EXPECTED.tsv"; }
dc() { python3 "$DC" "$@"; }
export DB="$T/db.sqlite"
cp -r "$S/maildir" "$T/md"
ingest --db "$DB" "$T/md" >/dev/null 2>&1
X="$DR_SRC/../shared/corpus/hostile/xss-bait.xml"
hostile=0
if [ -f "$X" ]; then
	# Same hostile report, moved into 2026-W46 (Tuesday).
	sed -e 's|<begin>1704067200</begin>|<begin>1794268800</begin>|' \
	    -e 's|<end>1704153599</end>|<end>1794355199</end>|' "$X" > "$T/xss-w46.xml"
	ingest --db "$DB" "$T/xss-w46.xml" >/dev/null 2>&1
	hostile=1
else
	skip_part_or_fail "$X missing: the hostile org_name"
fi
P="$T/weekly.html"
report --db "$DB" --no-dns html --week 2026-W46 --now 4102444800 -o "$P"
check_eq "html exit" 0 "$?"

chrome() {
	local prof
	prof=$(mktemp -d "$T/prof-XXXXXX")
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps \
		--user-data-dir="$prof" "$@" 2>>"$T/chrome.err"
}
chrome --dump-dom "file://$P" > "$T/dom.html"
check_eq "chromium ran" 0 "$?"
[ -s "$T/dom.html" ] || { echo "FAIL: empty DOM"; tail -5 "$T/chrome.err"; exit 1; }

msgs=$(ex message_count); reps=$(ex reports)
if [ $hostile = 1 ]; then
	msgs=$((msgs + 8)); reps=$((reps + 1))
fi
check_eq "DOM: safe (no script, no on*, no external URL)" safe "$(dc "$T/dom.html" safe)"
check_eq "DOM: script elements" 0 "$(dc "$T/dom.html" count script)"
check_eq "DOM: messages" "$msgs" "$(dc "$T/dom.html" text k-messages)"
check_eq "DOM: reports" "$reps" "$(dc "$T/dom.html" text k-reports)"
check_eq "DOM: example.com heading" example.com "$(dc "$T/dom.html" text h-d-1)"
em=$(( $(ex domain.example.com.messages) + 8 * hostile ))
check_eq "DOM: example.com days total" "$em" "$(dc "$T/dom.html" cell days-1 8 1)"
check_eq "DOM: example.com days add up" "$em" "$(dc "$T/dom.html" colsum days-1 1)"
check_eq "DOM: example.org days total" "$(ex domain.example.org.messages)" \
	"$(dc "$T/dom.html" cell days-2 8 1)"
check_eq "DOM: table headers" "Day" "$(dc "$T/dom.html" cell days-1 0 0)"
check_eq "DOM: charts have titles" "Messages per day for example.com" \
	"$(dc "$T/dom.html" text ct-1-0)"
if [ $hostile = 1 ]; then
	check_grep "DOM: hostile org_name is text" \
		'&lt;script&gt;alert\("org"\)&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;' \
		"$T/dom.html"
	check_eq "DOM: no img from data" 0 "$(dc "$T/dom.html" count img)"
fi

OUT="$DR_BUILD/html-screenshots"
mkdir -p "$OUT"
cp "$P" "$OUT/weekly.html"
rm -f "$OUT/weekly-desktop.png" "$OUT/weekly-phone.png"
chrome --screenshot="$OUT/weekly-desktop.png" --window-size=1200,2000 "file://$P" >/dev/null
chrome --screenshot="$OUT/weekly-phone.png" --window-size=390,2400 "file://$P" >/dev/null
check_eq "desktop screenshot" yes "$([ -s "$OUT/weekly-desktop.png" ] && echo yes)"
check_eq "phone screenshot" yes "$([ -s "$OUT/weekly-phone.png" ] && echo yes)"
echo "screenshots: $OUT/weekly-desktop.png $OUT/weekly-phone.png"
finish
