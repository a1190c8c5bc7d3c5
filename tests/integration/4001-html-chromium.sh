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
# senders that pass (issue 14): collapsed, after the failing sources, one
# row per passing IP (all shown under the --top default), adding up to the
# domain's passing messages, PTR "not looked up" under --no-dns
np=$(dc "$T/dom.html" rows pass-1-t)
check_eq "DOM: senders that pass, titled with their number" \
	"Senders that pass ($np)" \
	"$(dc "$T/dom.html" text pass-1 | grep -o 'Senders that pass ([0-9]*)')"
check_eq "DOM: senders that pass, several" yes "$([ "$np" -ge 2 ] && echo yes)"
check_eq "DOM: senders that pass add up to the passing messages" \
	"$(dc "$T/dom.html" cell days-1 8 2)" "$(dc "$T/dom.html" colsum pass-1-t 2)"
check_eq "DOM: passing sender's PTR" "not looked up" "$(dc "$T/dom.html" cell pass-1-t 1 1)"
check_grep "DOM: passing sender's SPF aligned share" "^[0-9]+\.[0-9].%$" \
	<(dc "$T/dom.html" cell pass-1-t 1 3)
check_grep "page: collapsed, after the failing sources" \
	'</table></div>.*<details class="pass" id="pass-1">' <(tr -d '\n' <"$P")
report --db "$DB" --no-dns html --week 2026-W46 --now 4102444800 --top 1 -o "$T/top1.html"
check_eq "--top 1: one passing sender shown" 1 "$(dc "$T/top1.html" rows pass-1-t)"
check_grep "--top 1: and the others counted" \
	"and $((np - 1)) more senders? with [0-9,]+ passing messages" "$T/top1.html"
if [ $hostile = 1 ]; then
	check_grep "DOM: hostile org_name is text" \
		'&lt;script&gt;alert\("org"\)&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;' \
		"$T/dom.html"
	check_eq "DOM: no img from data" 0 "$(dc "$T/dom.html" count img)"
fi

# Each domain section opens with its action list ("What to do", one to
# three items), every link of which resolves to an element of the
# rendered DOM (what document.getElementById would find; the page's CSP
# forbids a script, so the dumped DOM is searched instead).
python3 - "$T/dom.html" >"$T/actions.out" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.ids = set(); s.links = []; s.depth = 0
        s.sections = []; s.items = {}; s.cur = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if "id" in a: s.ids.add(a["id"])
        if tag == "section" and a.get("class") == "domain":
            s.sections.append([a["id"], None])
        if tag == "div" and a.get("class") == "actions":
            s.cur = a["id"]; s.items[s.cur] = 0
            if s.sections and s.sections[-1][1] is None:
                s.sections[-1][1] = a["id"]
        if s.cur and tag == "li": s.items[s.cur] += 1
        if s.cur and tag == "a": s.links.append(a.get("href", ""))
        if s.cur and tag == "div" and a.get("class") != "actions": s.depth += 1
    def handle_endtag(s, tag):
        if s.cur and tag == "div":
            if s.depth: s.depth -= 1
            else: s.cur = None
    def handle_startendtag(s, tag, a): s.handle_starttag(tag, a)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("sections", len(p.sections))
print("with-actions", sum(1 for sid, act in p.sections if act == "actions-" + sid[2:]))
print("items-ok", all(1 <= n <= 3 for n in p.items.values()) and len(p.items) > 0)
print("links", len(p.links))
print("dangling", [h for h in p.links if not h.startswith("#") or h[1:] not in p.ids])
PY
check_grep "DOM: action lists" "^sections [1-9]" "$T/actions.out"
check_eq "DOM: every domain section has its action list" \
    "$(sed -n 's/^sections //p' "$T/actions.out")" \
    "$(sed -n 's/^with-actions //p' "$T/actions.out")"
check_grep "DOM: one to three actions each" "^items-ok True$" "$T/actions.out"
check_grep "DOM: actions link somewhere" "^links [1-9]" "$T/actions.out"
check_grep "DOM: every action link resolves to an id" "^dangling \[\]$" "$T/actions.out"
check_grep "DOM: example.com's first action" \
    "Authorize 203\.0\.113\.44 in SPF or sign its mail with DKIM" "$T/dom.html"
check_grep "DOM: thresholds explained" \
    "Needs attention: 90.{0,3}% to 98.{0,3}%; Poor: below 90" "$T/dom.html"

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
