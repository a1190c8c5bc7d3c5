#!/usr/bin/env bash
# 1016-mbox-input: an mbox file (RFC 4155) given as an input is split into
# its entries, each a message of its own (issue 15 item 12, second half):
# each is stored or rejected alone with its own line, named FILE#N, its
# SHA-256 is of the entry's bytes; a "From " line inside a body (no empty
# line before it) is body text; a truncated last entry is read as it is;
# an entry over --max-message-bytes is left alone (deferred) while the
# rest go on; the file is never moved or written; a second run stores
# nothing new; the batch replay re-reads the right entries (--batch 2, -v
# and the default give the same rows); standard input is split too; a
# run over the first entries (a crash) then the whole file counts none
# twice.
set -u
. "$(dirname "$0")/lib.sh"
need_tool sqlite3
need_tool python3
need_tool sha256sum

mb=$T/in/reports.mbox
mkdir -p "$T/in"
python3 - "$DR_SRC/tests/integration/gen-test-maildir.py" "$mb" <<'EOF'
import hashlib, importlib.util, sys
spec = importlib.util.spec_from_file_location("gen", sys.argv[1])
g = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g)
out = sys.argv[2]

def msg(i, org, rid, parts, text="This is a DMARC report.\n"):
    m = g.message(i, org, rid, parts)
    return m.replace(b"This is a DMARC report.\n", text.encode())

xml = lambda org, rid: g.report(org, rid, g.recs_for(len(rid), 2))
entries = [
    # 1: gzip; its text holds a "From " line (no empty line before it)
    # and an mboxrd-quoted one after an empty line.
    (msg(1, "a.example", "r1", [g.attach("application/gzip", "a.xml.gz",
        g.gz(xml("a.example", "r1")))],
        "Hello,\nFrom the reporter: one report.\n\n>From a quoted line.\n"),
     "stored"),
    (msg(2, "b.example", "r22", [g.attach("application/zip", "b.zip",
        g.zp("b.xml", xml("b.example", "r22")))]), "stored"),
    (msg(3, "c.example", "r333", [g.attach("text/xml", "c.xml",
        xml("c.example", "r333"))]), "stored"),
    (b"From: someone@example.org\nSubject: lunch\n\nNot a report.\n",
     "not_report"),
    (msg(5, "e.example", "r5", [g.attach("application/gzip", "e.xml.gz",
        b"\x1f\x8b\x08\x00broken gzip stream")]), "rejected"),
    # 6: larger than the cap of the --max-message-bytes run below.
    (msg(6, "f.example", "r666666", [g.attach("application/gzip", "f.xml.gz",
        g.gz(xml("f.example", "r666666")))], ("padding " * 9 + "\n") * 2000),
     "stored"),
]
last = msg(7, "h.example", "r7", [g.attach("application/gzip", "h.xml.gz",
    g.gz(xml("h.example", "r7")))])
data = b""
expect = []
for n, (body, outcome) in enumerate(entries, 1):
    e = b"From reports@x.example Mon Nov 10 00:00:00 2025\n" + body + b"\n"
    expect.append("%d %d %s %s" % (n, len(data), hashlib.sha256(e).hexdigest(),
                                   outcome))
    data += e
# 7: cut short at EOF, half way through its attachment, no final newline.
e = b"From reports@x.example Mon Nov 10 00:00:00 2025\n" + last
e = e[:e.index(b"Content-Transfer-Encoding: base64") + 200]
expect.append("7 %d %s rejected" % (len(data), hashlib.sha256(e).hexdigest()))
data += e
open(out, "wb").write(data)
open(out + ".expect", "w").write("\n".join(expect) + "\n")
EOF
mv "$mb.expect" "$T/expect"
before="$(sha256sum < "$mb") $(stat -c '%y %s' "$mb")"
want_rows=$(awk -v p="$mb" '{ print p "#" $1 "|" $4 "|" $3 }' "$T/expect")
rows() {
	DB=$1 q "SELECT path, outcome, sha256 FROM messages ORDER BY id"
}

# 1. One run: each entry on its own.
ingest --json --db "$T/a.sqlite" "$mb" > "$T/out" 2> "$T/err"
check_eq "run 1: exit 1 (rejections)" 1 $?
check_eq "run 1: one row per entry, its outcome, the entry's SHA-256" \
    "$want_rows" "$(rows "$T/a.sqlite")"
check_eq "run 1: counts" "7 4 1 2 0 0 8" "$(json_get "$T/out" \
    "j['messages'], j['stored'], j['not_report'], j['rejected'], j['skipped'], j['deferred'], j['records']" |
    tr -d '(),')"
check_eq "run 1: each rejected entry's own reason" "7|gzip-truncated 5|gzip-corrupt" \
    "$(DB=$T/a.sqlite q "SELECT substr(path, -1), reason FROM messages WHERE outcome = 'rejected' ORDER BY 2 DESC" | tr '\n' ' ' | sed 's/ $//')"
check_grep "run 1: a rejected batch was replayed" '"batches_replayed":[1-9]' "$T/out"
check_eq "run 1: one line per rejected entry, named FILE#N" 2 \
    "$(grep -c "^dmarc-ingest: $mb#[57] (.*): " "$T/err")"
check_eq "run 1: nothing else on stderr" 2 "$(wc -l < "$T/err")"
check_eq "run 1: the reports" "a.example|r1 b.example|r22 c.example|r333 f.example|r666666" \
    "$(DB=$T/a.sqlite q "SELECT org_name, report_id FROM reports ORDER BY 1" | tr '\n' ' ' | sed 's/ $//')"
check_eq "run 1: the entry sizes add up to the file" "$(stat -c %s "$mb")" \
    "$(DB=$T/a.sqlite q 'SELECT sum(size) FROM messages')"
check_eq "run 1: the file is unchanged" "$before" \
    "$(sha256sum < "$mb") $(stat -c '%y %s' "$mb")"
check_eq "run 1: nothing new beside it" "reports.mbox" "$(ls "$T/in")"

# 2. A second run stores nothing new; the rejected entries are read (and
# named) again, without a second row.
ingest --json --db "$T/a.sqlite" "$mb" > "$T/out" 2> "$T/err"
check_eq "run 2: exit 1" 1 $?
check_eq "run 2: counts" "2 0 0 0 2 5" "$(json_get "$T/out" \
    "j['messages'], j['stored'], j['duplicates'], j['not_report'], j['rejected'], j['skipped']" |
    tr -d '(),')"
check_eq "run 2: no new row" "$want_rows" "$(rows "$T/a.sqlite")"
check_eq "run 2: reports" 4 "$(DB=$T/a.sqlite q 'SELECT count(*) FROM reports')"
ingest --db "$T/a.sqlite" "$mb" > "$T/out" 2> /dev/null
check_grep "run 2: the summary line says nothing was stored" \
    '^dmarc-ingest: messages=2 stored=0 duplicates=0 conflicts=0 records=0 not_report=0 rejected=2 ' "$T/out"

# 3. Replays: batches of 2 (boundaries inside the file, rejections in
# two of them), and -v (savepoints from the start), give the same rows.
ingest -q --batch 2 --json --db "$T/b.sqlite" "$mb" > "$T/out" 2> /dev/null
check_eq "--batch 2: same rows" "$want_rows" "$(rows "$T/b.sqlite")"
check_eq "--batch 2: replayed the batch of entries 5 and 6 (not 7: savepoints follow a rejection)" 1 "$(json_get "$T/out" "j['batches_replayed']")"
ingest -v --db "$T/c.sqlite" "$mb" > "$T/out" 2> /dev/null
check_eq "-v: same rows" "$want_rows" "$(rows "$T/c.sqlite")"
check_eq "-v: one line per entry" 7 "$(grep -c "^$mb#[1-7]: " "$T/out")"

# 4. An entry over --max-message-bytes is left alone, the rest go on.
ingest --json --max-message-bytes 60000 --db "$T/d.sqlite" "$mb" > "$T/out" 2> "$T/err"
check_eq "cap: exit 75" 75 $?
check_grep "cap: entry 6 named" "^dmarc-ingest: $mb#6: message-too-big: " "$T/err"
check_eq "cap: counts" "6 3 1 2" "$(json_get "$T/out" \
    "j['messages'], j['stored'], j['deferred'], j['rejected']" | tr -d '(),')"
check_eq "cap: entry 6 not recorded" "$(echo "$want_rows" | grep -v "#6|")" \
    "$(rows "$T/d.sqlite")"

# 5. A crash after the first entries were committed: the run over the
# whole file skips them and counts nothing twice.
off4=$(awk '$1 == 4 { print $2 }' "$T/expect")
head -c "$off4" "$mb" > "$T/first3.mbox"
ingest -q --db "$T/e.sqlite" "$T/first3.mbox"
check_eq "crash: first entries stored" 3 "$(DB=$T/e.sqlite q 'SELECT count(*) FROM reports')"
ingest -q --json --db "$T/e.sqlite" "$mb" > "$T/out" 2> /dev/null
check_eq "crash: the rest, none twice" "4 1 0 3" "$(json_get "$T/out" \
    "j['messages'], j['stored'], j['duplicates'], j['skipped']" | tr -d '(),')"
check_eq "crash: reports" 4 "$(DB=$T/e.sqlite q 'SELECT count(*) FROM reports')"

# 6. Standard input: split the same way, named -#N.
ingest -q --db "$T/f.sqlite" - < "$mb" > /dev/null 2>&1
check_eq "stdin: same rows as -#N" "$(echo "$want_rows" | sed "s|^$mb#|-#|")" \
    "$(rows "$T/f.sqlite")"

check_eq "the file is unchanged after every run" "$before" \
    "$(sha256sum < "$mb") $(stat -c '%y %s' "$mb")"
finish
