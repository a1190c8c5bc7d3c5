#!/usr/bin/env python3
"""tests/integration/gen-test-maildir.py DIR N -- a deterministic Maildir
for the hardening tests (5001-kill9, 5002-concurrent, 5003-db-faults).

Writes N messages into DIR/new (DIR/cur and DIR/tmp are created empty):
gzip and zip report attachments (1-3 records each), a few messages with two
reports, re-deliveries of an earlier report under a new name (duplicates),
broken attachments (rejected) and plain mails (not reports).  Prints the
expected outcome as shell assignments:
  FILES REPORTS RECORDS MESSAGES STORED_FILES DUP_FILES REJECTED_FILES
  NOTREPORT_FILES
(MESSAGES is the sum of <count> over the unique reports.)  Each message's
Maildir unique name starts with its index, and its expected outcome is
listed in DIR.expect, one "name outcome" per line.

gen-test-maildir.py --big FILE N [ORG] writes one report with N records
(streamed; gzip when FILE ends in .gz) for the memory and reader tests.
"""
import base64
import gzip
import io
import os
import sys
import zipfile


def report(org, rid, recs):
    rows = []
    for ip, count, disp in recs:
        rows.append(
            "<record><row><source_ip>%s</source_ip><count>%d</count>"
            "<policy_evaluated><disposition>%s</disposition><dkim>pass</dkim>"
            "<spf>fail</spf></policy_evaluated></row><identifiers>"
            "<header_from>example.com</header_from></identifiers><auth_results>"
            "<dkim><domain>example.com</domain><selector>s1</selector>"
            "<result>pass</result></dkim><spf><domain>bounce.example.net</domain>"
            "<result>pass</result></spf></auth_results></record>\n"
            % (ip, count, disp))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>"
            "<report_metadata><org_name>%s</org_name><email>r@%s</email>"
            "<report_id>%s</report_id><date_range><begin>1762646400</begin>"
            "<end>1762732799</end></date_range></report_metadata>"
            "<policy_published><domain>example.com</domain><p>none</p>"
            "</policy_published>\n%s</feedback>\n"
            % (org, org, rid, "".join(rows))).encode()


def attach(ctype, fname, data):
    b64 = base64.encodebytes(data).decode()
    return ("Content-Type: %s; name=\"%s\"\nContent-Disposition: attachment; "
            "filename=\"%s\"\nContent-Transfer-Encoding: base64\n\n%s"
            % (ctype, fname, fname, b64))


def message(i, org, rid, parts):
    head = ("From: reports@%s\nTo: dmarc@example.com\nSubject: Report Domain: "
            "example.com Submitter: %s Report-ID: %s\nMessage-ID: <%d.%s@%s>\n"
            "Date: Mon, 10 Nov 2025 00:00:00 +0000\nMIME-Version: 1.0\n"
            % (org, org, rid, i, rid, org))
    body = "Content-Type: multipart/mixed; boundary=\"=b%d\"\n\n" % i
    body += "--=b%d\nContent-Type: text/plain\n\nThis is a DMARC report.\n" % i
    for p in parts:
        body += "--=b%d\n%s" % (i, p)
    body += "--=b%d--\n" % i
    return (head + body).encode()


def gz(xml):
    return gzip.compress(xml, mtime=0)


def zp(name, xml):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo(name, (2025, 11, 10, 0, 0, 0)), xml,
                   zipfile.ZIP_DEFLATED)
    return b.getvalue()


def recs_for(i, n):
    return [("192.0.%d.%d" % (i % 250, k + 1), (i * 7 + k * 3) % 50 + 1,
             ("none", "quarantine", "reject")[k % 3]) for k in range(n)]


def big(path, n, org):
    f = gzip.open(path, "wb", compresslevel=6) if path.endswith(".gz") \
        else open(path, "wb")
    head = report(org, "big-%d" % n, [])
    f.write(head[:head.index(b"</feedback>")])
    chunk = []
    for i in range(n):
        chunk.append(recs_for(i, 1)[0][:2] + (("none", "reject")[i % 2],))
        chunk[-1] = ("10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                     chunk[-1][1], chunk[-1][2])
        if len(chunk) == 1000 or i == n - 1:
            xml = report(org, "x", chunk)
            f.write(xml[xml.index(b"<record>"):xml.index(b"</feedback>")])
            chunk = []
    f.write(b"</feedback>\n")
    f.close()


def main():
    if sys.argv[1] == "--big":
        big(sys.argv[2], int(sys.argv[3]),
            sys.argv[4] if len(sys.argv) > 4 else "big.example")
        return
    root, n = sys.argv[1], int(sys.argv[2])
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    exp = dict(FILES=0, REPORTS=0, RECORDS=0, MESSAGES=0, STORED_FILES=0,
               DUP_FILES=0, REJECTED_FILES=0, NOTREPORT_FILES=0)
    outcomes = []
    last = None                      # (org, rid, parts) of the last report mail
    for i in range(n):
        name = "%06d.M%dP1.gen" % (i, i)
        org = "org%d.example" % (i % 4)
        rid = "rid-%d" % i
        if i % 11 == 4:
            junk = bytes((i * 37 + k * 11) % 256 for k in range(300))
            data = message(i, org, rid, [attach("application/gzip", "r.xml.gz",
                                                b"\x1f\x8b\x08\x00" + junk)])
            outcome = "rejected"
            exp["REJECTED_FILES"] += 1
        elif i % 13 == 6:
            data = ("From: someone@example.org\nTo: dmarc@example.com\n"
                    "Subject: question %d\nMessage-ID: <q%d@example.org>\n\n"
                    "Not a report.\n" % (i, i)).encode()
            outcome = "not_report"
            exp["NOTREPORT_FILES"] += 1
        elif i % 7 == 2 and last is not None:
            data = message(i, last[0], last[1], last[2])
            outcome = "duplicate"
            exp["DUP_FILES"] += 1
        else:
            nrep = 2 if i % 17 == 9 else 1
            parts = []
            for r in range(nrep):
                recs = recs_for(i + r, 3 if i % 5 == 0 else 1 + (i + r) % 2)
                xml = report(org, "%s-%d" % (rid, r), recs)
                fname = "%s!example.com!1762646400!1762732799!%s-%d" % (org, rid, r)
                if i % 5 == 0:
                    parts.append(attach("application/zip", fname + ".zip",
                                        zp(fname + ".xml", xml)))
                else:
                    parts.append(attach("application/gzip", fname + ".xml.gz",
                                        gz(xml)))
                exp["REPORTS"] += 1
                exp["RECORDS"] += len(recs)
                exp["MESSAGES"] += sum(c for _, c, _ in recs)
            data = message(i, org, rid, parts)
            last = (org, rid, parts)
            outcome = "stored"
            exp["STORED_FILES"] += 1
        with open(os.path.join(root, "new", name), "wb") as f:
            f.write(data)
        outcomes.append("%s %s" % (name, outcome))
        exp["FILES"] += 1
    with open(root.rstrip("/") + ".expect", "w") as f:
        f.write("\n".join(outcomes) + "\n")
    for k, v in exp.items():
        print("%s=%d" % (k, v))


if __name__ == "__main__":
    main()
