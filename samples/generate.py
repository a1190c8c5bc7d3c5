#!/usr/bin/env python3
"""samples/generate.py -- write the sample Maildir samples/maildir/ and the
expected results samples/EXPECTED.tsv, samples/MESSAGES.tsv and the tables
in samples/README.md.

Python 3 standard library only.  The output is deterministic (fixed dates,
boundaries, Message-IDs, gzip/zip timestamps and file mtimes): running it
again must leave `git diff samples/` empty.

    python3 samples/generate.py [OUTDIR]      (default: the samples/ dir)

Every report is synthetic: policy domains example.com/.org/.net, source
IPs from the documentation ranges, dates in the week 2026-11-09 .. 15 UTC.
"""
import base64
import calendar
import gzip
import io
import os
import quopri
import sys
import zipfile

DAY = 86400
WEEK0 = calendar.timegm((2026, 11, 9, 0, 0, 0))    # Monday 2026-11-09 UTC
FILE_MTIME = WEEK0 + 7 * DAY                       # mtime of every file
ZIP_TIME = (2026, 11, 16, 0, 0, 0)
NS2 = "urn:ietf:params:xml:ns:dmarc-2.0"


def day(n):
    return WEEK0 + n * DAY


# ---------------------------------------------------------------- reports

def rec(ip, count, disp, dkim, spf, hfrom, dkim_res=(), spf_res=(),
        efrom=None, eto=None, reasons=()):
    return dict(ip=ip, count=count, disp=disp, dkim=dkim, spf=spf,
                hfrom=hfrom, dkim_res=list(dkim_res), spf_res=list(spf_res),
                efrom=efrom, eto=eto, reasons=list(reasons))


def report(org, email, rid, begin, end, domain, p, records, sp=None,
           pct=None, np=None, adkim="r", aspf="r", fo=None, extra=None,
           version="1.0", ns=None, generator=None, discovery=None,
           testing=None, errors=()):
    return dict(org=org, email=email, rid=rid, begin=begin, end=end,
                domain=domain, p=p, sp=sp, pct=pct, np=np, adkim=adkim,
                aspf=aspf, fo=fo, extra=extra, version=version, ns=ns,
                generator=generator, discovery=discovery, testing=testing,
                errors=list(errors), records=list(records))


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


class X:
    """A tiny XML writer: compact or pretty-printed."""

    def __init__(self, pretty):
        self.pretty = pretty
        self.out = []
        self.depth = 0

    def _ind(self):
        if self.pretty:
            self.out.append("\n" + "  " * self.depth)

    def open(self, name, attrs=""):
        self._ind()
        self.out.append("<%s%s>" % (name, attrs))
        self.depth += 1

    def close(self, name):
        self.depth -= 1
        self._ind()
        self.out.append("</%s>" % name)

    def leaf(self, name, value):
        if value is None:
            return
        self._ind()
        self.out.append("<%s>%s</%s>" % (name, esc(value), name))


def xml_report(r, pretty=False):
    x = X(pretty)
    attrs = ""
    if r["ns"]:
        attrs = ' xmlns="%s"' % r["ns"]
    x.open("feedback", attrs)
    x.leaf("version", r["version"])
    x.open("report_metadata")
    x.leaf("org_name", r["org"])
    x.leaf("email", r["email"])
    x.leaf("extra_contact_info", r["extra"])
    x.leaf("report_id", r["rid"])
    x.open("date_range")
    x.leaf("begin", r["begin"])
    x.leaf("end", r["end"])
    x.close("date_range")
    for e in r["errors"]:
        x.leaf("error", e)
    x.leaf("generator", r["generator"])
    x.close("report_metadata")
    x.open("policy_published")
    x.leaf("domain", r["domain"])
    x.leaf("discovery_method", r["discovery"])   # GMX order: after domain
    x.leaf("adkim", r["adkim"])
    x.leaf("aspf", r["aspf"])
    x.leaf("p", r["p"])
    x.leaf("sp", r["sp"])
    x.leaf("np", r["np"])
    x.leaf("pct", r["pct"])
    x.leaf("fo", r["fo"])
    x.leaf("testing", r["testing"])
    x.close("policy_published")
    for c in r["records"]:
        x.open("record")
        x.open("row")
        x.leaf("source_ip", c["ip"])
        x.leaf("count", c["count"])
        x.open("policy_evaluated")
        x.leaf("disposition", c["disp"])
        x.leaf("dkim", c["dkim"])
        x.leaf("spf", c["spf"])
        for t, comment in c["reasons"]:
            x.open("reason")
            x.leaf("type", t)
            x.leaf("comment", comment)
            x.close("reason")
        x.close("policy_evaluated")
        x.close("row")
        x.open("identifiers")
        x.leaf("envelope_to", c["eto"])
        x.leaf("envelope_from", c["efrom"])
        x.leaf("header_from", c["hfrom"])
        x.close("identifiers")
        x.open("auth_results")
        for d, sel, res in c["dkim_res"]:
            x.open("dkim")
            x.leaf("domain", d)
            x.leaf("selector", sel)
            x.leaf("result", res)
            x.close("dkim")
        for d, scope, res in c["spf_res"]:
            x.open("spf")
            x.leaf("domain", d)
            x.leaf("scope", scope)
            x.leaf("result", res)
            x.close("spf")
        x.close("auth_results")
        x.close("record")
    x.close("feedback")
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    body = "".join(x.out)
    if pretty:
        return (head + body + "\n").encode()
    return (head + "\n" + body + "\n").encode()


def gz(data, name):
    b = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=b,
                       mtime=FILE_MTIME, compresslevel=9) as f:
        f.write(data)
    return b.getvalue()


def zipped(data, member):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        zi = zipfile.ZipInfo(member, date_time=ZIP_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.create_system = 3
        zi.external_attr = 0o644 << 16
        z.writestr(zi, data)
    return b.getvalue()


def b64(data):
    return base64.encodebytes(data).decode()


def rfc2047(text, chunk=45):
    """base64 encoded-words, folded (Microsoft style)."""
    raw = text.encode()
    words = []
    for i in range(0, len(raw), chunk):
        words.append("=?utf-8?B?%s?=" % base64.b64encode(raw[i:i + chunk])
                     .decode())
    return "\n ".join(words)


def headers(frm, subject, mid, date, extra=()):
    h = ["Return-Path: <%s>" % frm.split("<")[-1].rstrip(">"),
         "From: %s" % frm,
         "To: dmarc-rua@example.com",
         "Subject: %s" % subject,
         "Date: %s" % date,
         "Message-ID: <%s>" % mid,
         "MIME-Version: 1.0"]
    h.extend(extra)
    return "\n".join(h) + "\n"


def rfcdate(t):
    import email.utils
    return email.utils.formatdate(t, usegmt=True)


def fname(submitter, r, ext, uid=None):
    s = "%s!%s!%d!%d" % (submitter, r["domain"], r["begin"], r["end"])
    if uid:
        s += "!" + uid
    return s + ext


# ------------------------------------------------------------ the samples

def build():
    """Return a list of (maildir_name, subdir, bytes, meta) and the list
    of unique stored reports."""
    msgs = []

    def add(name, data, outcome, reports, what, reason="", sub="new",
            after=None):
        msgs.append(dict(name=name, sub=sub, data=data.encode()
                         if isinstance(data, str) else data,
                         outcome=outcome, reports=reports, what=what,
                         reason=reason, after=after or name))

    # 01 Google: single part, the body is application/zip, base64.
    r_google = report(
        "google.com", "noreply-dmarc-support@google.com", "4917052399541683290",
        day(0), day(0) + 86399, "example.com", "reject", sp="reject", pct=100,
        np="reject", extra="https://support.google.com/a/answer/2466580",
        records=[
            rec("192.0.2.10", 120, "none", "pass", "pass", "example.com",
                [("example.com", "google", "pass")],
                [("example.com", "mfrom", "pass")]),
            rec("198.51.100.23", 4, "reject", "fail", "fail", "example.com",
                [("example.com", "s1", "fail")],
                [("mail.example.net", "mfrom", "softfail")]),
            rec("2001:DB8:0:0::25", 17, "none", "pass", "fail", "example.com",
                [("example.com", "google", "pass")],
                [("lists.example.org", "mfrom", "pass")]),
        ])
    xml = xml_report(r_google)
    fn = fname("google.com", r_google, ".zip")
    body = zipped(xml, fname("google.com", r_google, ".xml"))
    m = headers("noreply-dmarc-support@google.com",
                "Report domain: example.com Submitter: google.com Report-ID: "
                "4917052399541683290", "4917052399541683290@google.com",
                rfcdate(day(1) + 3600),
                ['Content-Type: application/zip; \n\tname="%s"' % fn,
                 'Content-Disposition: attachment; \n\tfilename="%s"' % fn,
                 "Content-Transfer-Encoding: base64"])
    add("1794268800.M01P1001.mx.example.com", m + "\n" + b64(body), "stored",
        [r_google], "Google: single-part application/zip (base64) body, "
        "zip member google.com!example.com!...xml; subject 'Report domain:'; "
        "IPv6 source written 2001:DB8:0:0::25 (stored 2001:db8::25)")

    # 02 Microsoft (Outlook.com): mixed > related > alternative(html) +
    # application/gzip without name=, file name only in Content-Disposition,
    # RFC 2047 subject with [Preview].  Sits in cur/ flagged F by an IMAP
    # client: must end as :2,FS.
    r_ms = report(
        "Outlook.com", "dmarcreport@microsoft.com",
        "9a6e4a9d1c3f4b2e8d7c6b5a49382716", day(0), day(1), "example.org",
        "quarantine", sp="quarantine", pct=100, fo="0",
        records=[
            rec("203.0.113.5", 40, "none", "pass", "pass", "example.org",
                [("example.org", "selector1", "pass")],
                [("example.org", "mfrom", "pass")],
                efrom="example.org", eto="outlook.com"),
            rec("203.0.113.5", 9, "none", "pass", "pass", "example.org",
                [("example.org", "selector1", "pass")],
                [("example.org", "mfrom", "pass")],
                efrom="example.org", eto="hotmail.com"),
            rec("198.51.100.77", 3, "quarantine", "fail", "fail",
                "example.org", [], [("spam.example.net", "mfrom", "fail")],
                efrom="spam.example.net", eto="outlook.com"),
        ])
    xml = xml_report(r_ms)
    fn = fname("protection.outlook.com", r_ms, ".xml.gz")
    subj = rfc2047("[Preview] Report Domain: example.org Submitter: "
                   "protection.outlook.com Report-ID: "
                   "9a6e4a9d1c3f4b2e8d7c6b5a49382716")
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html;"
            " charset=utf-8\"></head><body><div>This is a DMARC aggregate "
            "report from Microsoft Corporation. For Emails received between "
            "2026-11-09 00:00:00 UTC to 2026-11-10 00:00:00 UTC.</div>"
            "</body></html>\n")
    b1, b2, b3 = ("_000_MSBND1mixedexampleorg_", "_001_MSBND2relatedexampleorg_",
                  "_002_MSBND3alternativeexampleorg_")
    m = headers("DMARC Aggregate Report <dmarcreport@microsoft.com>", subj,
                "<MS2026111000x.9a6e4a9d@microsoft.com>".strip("<>"),
                rfcdate(day(1) + 7200),
                ['Content-Type: multipart/mixed;\n\tboundary="%s"' % b1])
    m += ("\n--%s\nContent-Type: multipart/related;\n\tboundary=\"%s\"\n\n"
          "--%s\nContent-Type: multipart/alternative;\n\tboundary=\"%s\"\n\n"
          "--%s\nContent-Type: text/html; charset=\"utf-8\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n\n--%s--\n\n"
          "--%s\nContent-Type: application/gzip\n"
          "Content-Disposition: attachment;\n\tfilename=\"%s\";\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (b1, b2, b2, b3, b3, b64(html.encode()).rstrip("\n"), b3, b2,
             b1, fn, b64(gz(xml, fn[:-3])).rstrip("\n"), b1))
    add("1794276000.M02P1002.mx.example.com:2,F", m, "stored", [r_ms],
        "Microsoft Outlook.com: multipart/mixed > related > alternative(html)"
        " + application/gzip with the file name only in Content-Disposition "
        "(trailing ';'); RFC 2047 base64 subject with [Preview]; lies in cur/ "
        "with flag F (an IMAP client saw it): filed as :2,FS",
        sub="cur", after="1794276000.M02P1002.mx.example.com:2,FS")

    # 03 Yahoo: multipart/mixed, top-level Content-Transfer-Encoding: binary,
    # Content-Disposition before Content-Type, application/gzip.
    r_yahoo = report(
        "Yahoo", "dmarchelp@yahooinc.com", "1794268800.601234", day(1),
        day(1) + 86399, "example.com", "reject", sp="reject", pct=100,
        version=None, records=[
            rec("192.0.2.10", 55, "none", "pass", "pass", "example.com",
                [("example.com", "s1", "pass")],
                [("example.com", "mfrom", "pass")]),
            rec("192.0.2.200", 2, "reject", "fail", "fail", "example.com",
                [("example.com", "s1", "permerror")],
                [("example.com", "mfrom", "fail")]),
        ])
    xml_y = xml_report(r_yahoo)
    fn_y = fname("yahoo.com", r_yahoo, ".xml.gz")
    bnd = "----=_Part_601234_1794268800.1794355300000"
    m = headers("Yahoo DMARC Report <noreply@dmarc.yahoo.com>",
                "Report Domain: example.com Submitter: yahoo.com "
                "Report-ID: <1794268800.601234>",
                "1794355300.601234@dmarc.yahoo.com", rfcdate(day(2) + 100),
                ['Content-Type: multipart/mixed; \n\tboundary="%s"' % bnd,
                 "Content-Transfer-Encoding: binary"])
    m += ("\n--%s\nContent-Type: text/plain; charset=us-ascii\n"
          "Content-Transfer-Encoding: 7bit\n\nThis is an aggregate report from "
          "Yahoo.\n--%s\nContent-Disposition: attachment; filename=\"%s\"\n"
          "Content-Type: application/gzip; name=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s--%s--\n"
          % (bnd, bnd, fn_y, fn_y, b64(gz(xml_y, fn_y[:-3])), bnd))
    add("1794355300.M03P1003.mx.example.com", m, "stored", [r_yahoo],
        "Yahoo: multipart/mixed with top-level Content-Transfer-Encoding: "
        "binary, Content-Disposition before Content-Type, application/gzip; "
        "no <version>; Report-ID in <...> in the subject")

    # 04 Mail.Ru: base64 text part + application/gzip without any name.
    r_mailru = report(
        "Mail.Ru", "dmarc_support@corp.mail.ru", "21897493826151230101",
        day(1), day(2), "example.net", "none", version="1.0", records=[
            rec("198.51.100.40", 12, "none", "fail", "pass", "example.net",
                [("example.net", "mail", "fail")],
                [("example.net", "mfrom", "pass")], efrom="example.net"),
        ])

    def mailru_msg(r, mid, t):
        bnd = "2A1B3C4D5E6F-mailru"
        text = "This is an aggregate report from Mail.Ru.\n"
        h = headers("dmarc_support@corp.mail.ru",
                    "Report Domain: example.net;\n Submitter: Mail.Ru;\n "
                    "Report-ID: 21897493826151230101", mid, rfcdate(t),
                    ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
        return h + ("\n--%s\nContent-Type: text/plain; charset=utf-8\n"
                    "Content-Transfer-Encoding: base64\n\n%s\n--%s\n"
                    "Content-Type: application/gzip\n"
                    "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
                    % (bnd, b64(text.encode()).rstrip("\n"), bnd,
                       b64(gz(xml_report(r), "")).rstrip("\n"), bnd))
    add("1794355500.M04P1004.mx.example.com",
        mailru_msg(r_mailru, "21897493826151230101@mail.ru", day(2) + 300),
        "stored",
        [r_mailru], "Mail.Ru: base64 text part + application/gzip with no "
        "name at all; subject fields separated by ';' and folded; window "
        "begin+86400")

    # 05 Amazon SES: application/octet-stream, unquoted name=.
    r_ses = report(
        "AMAZON-SES", "postmaster@amazonses.com",
        "6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f", day(2), day(3),
        "example.com", "reject", sp="reject", pct=100, records=[
            rec("2001:db8:1234::17", 31, "none", "pass", "pass", "example.com",
                [("example.com", "s1", "pass")],
                [("amazonses.example.com", "mfrom", "pass")]),
        ])
    fn = fname("amazonses.com", r_ses, ".xml.gz")
    bnd = "----=_Part_SES_6f1f2a9c"
    m = headers("postmaster@amazonses.com",
                "Dmarc Aggregate Report Domain: {example.com} Submitter: "
                "{Amazon SES} Date: {2026-11-11} Report-ID: "
                "{6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f}",
                "6f1f2a9c-8b0e-4c3d-9e2f-5a4b3c2d1e0f@email.amazonses.com",
                rfcdate(day(3) + 500),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 7bit\n\nDMARC aggregate report.\n\n"
          "--%s\nContent-Type: application/octet-stream; name=%s\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, bnd, fn, b64(gz(xml_report(r_ses), fn[:-3])).rstrip("\n"),
             bnd))
    add("1794356100.M05P1005.mx.example.com", m, "stored", [r_ses],
        "Amazon SES: application/octet-stream with unquoted name= holding "
        "'!'; subject with braces and a Date: field; org_name AMAZON-SES")

    # 06 application/x-gzip (legacy alias).
    r_zoho = report(
        "zoho.com", "noreply-dmarc@zoho.com", "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        day(2), day(2) + 86399, "example.org", "quarantine", sp="none",
        pct=100, records=[
            rec("203.0.113.5", 6, "none", "pass", "pass", "example.org",
                [("example.org", "selector1", "pass")],
                [("example.org", "mfrom", "pass")]),
            rec("203.0.113.99", 1, "quarantine", "fail", "fail",
                "example.org", [("evil.example.net", "k1", "pass")],
                [("evil.example.net", "mfrom", "pass")]),
        ])
    fn = fname("zoho.com", r_zoho, ".xml.gz")
    bnd = "zoho-x-gzip-0001"
    m = headers("noreply-dmarc@zoho.com",
                "Report Domain: example.org Submitter: zoho.com Report-ID: "
                "<a1b2c3d4e5f60718293a4b5c6d7e8f90>",
                "a1b2c3d4e5f60718293a4b5c6d7e8f90@zoho.com",
                rfcdate(day(3) + 900),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: application/x-gzip; name=\"%s\"\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, fn, fn, b64(gz(xml_report(r_zoho), fn[:-3])).rstrip("\n"),
             bnd))
    add("1794356700.M06P1006.mx.example.com", m, "stored", [r_zoho],
        "application/x-gzip attachment, no text part (zoho.com)")

    # 07 application/x-zip-compressed.
    r_xzip = report(
        "reports.example.net", "dmarc@reports.example.net", "rpt-2026-11-11-0007",
        day(2), day(3), "example.com", "reject", sp="reject", records=[
            rec("203.0.113.44", 8, "reject", "fail", "fail", "example.com",
                [], [("example.com", "mfrom", "fail")],
                reasons=[("local_policy", "blocked by receiver")]),
            rec("192.0.2.10", 21, "none", "pass", "pass", "example.com",
                [("example.com", "s1", "pass")],
                [("example.com", "mfrom", "pass")]),
        ])
    fn = fname("reports.example.net", r_xzip, ".zip")
    bnd = "=_xzip_boundary_0007"
    m = headers("dmarc@reports.example.net",
                "Report Domain: example.com Submitter: reports.example.net "
                "Report-ID: rpt-2026-11-11-0007", "rpt-0007@reports.example.net",
                rfcdate(day(3) + 1000),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\nThis is a multi-part message in MIME format.\n\n--%s\n"
          "Content-Type: text/plain; charset=us-ascii\n\nReport attached.\n"
          "--%s\nContent-Type: application/x-zip-compressed; name=\"%s\"\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, bnd, fn, fn,
             b64(zipped(xml_report(r_xzip), fn[:-4] + ".xml")).rstrip("\n"),
             bnd))
    add("1794356800.M07P1007.mx.example.com", m, "stored", [r_xzip],
        "application/x-zip-compressed attachment with a preamble; a "
        "local_policy reason")

    # 08 Uncompressed text/xml attachment, quoted-printable.
    r_qp = report(
        "mx1.example.org", "dmarc-reports@mx1.example.org",
        "mx1.example.org-1794441600-example.com", day(3), day(3) + 86399,
        "example.com", "reject", sp="reject", version="1.0",
        generator="rspamd 3.10", records=[
            rec("192.0.2.10", 14, "none", "pass", "pass", "example.com",
                [("example.com", "s1", "pass")],
                [("example.com", "mfrom", "pass")]),
            rec("198.51.100.200", 5, "none", "pass", "fail", "example.com",
                [("example.com", "s1", "pass")],
                [("list.example.net", "mfrom", "pass")],
                reasons=[("mailing_list", "list.example.net")]),
        ])
    xml = xml_report(r_qp, pretty=True)
    fn = fname("mx1.example.org", r_qp, ".xml")
    bnd = "rspamd-qp-boundary-08"
    qp = quopri.encodestring(xml).decode()
    m = headers("DMARC reports <dmarc-reports@mx1.example.org>",
                "Report Domain: example.com Submitter: mx1.example.org "
                "Report-ID: <mx1.example.org-1794441600-example.com>",
                "mx1.example.org-1794441600@mx1.example.org",
                rfcdate(day(4) + 60),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: text/plain; charset=utf-8\n\nThis is an "
          "aggregate report from mx1.example.org.\n--%s\n"
          "Content-Type: text/xml; charset=utf-8\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: quoted-printable\n\n%s\n--%s--\n"
          % (bnd, bnd, fn, qp.rstrip("\n"), bnd))
    add("1794441660.M08P1008.mx.example.com", m, "stored", [r_qp],
        "uncompressed text/xml attachment, quoted-printable (=3D), "
        "pretty-printed XML with <generator>; a mailing_list reason")

    # 09 A forwarded message (message/rfc822) holding a Fastmail report:
    # application/gzip, unquoted name= with '!', disposition inline.
    r_fm = report(
        "Fastmail Pty Ltd", "dmarc-reports@fastmail.com", "1794441600000123",
        day(3), day(3) + 86399, "example.net", "none", records=[
            rec("198.51.100.40", 3, "none", "pass", "pass", "example.net",
                [("example.net", "fm1", "pass")],
                [("example.net", "mfrom", "pass")]),
            rec("2001:db8:ffff::1", 2, "none", "fail", "fail", "example.net",
                [("example.net", "fm1", "fail")],
                [("example.net", "mfrom", "softfail")]),
        ])
    fn = fname("fastmail.com", r_fm, ".xml.gz", uid="1794441600000123")
    ibnd = "_----------=_fm_17944416000001230"
    inner = headers("DMARC Aggregate Report <noreply-dmarc@fastmail.com>",
                    "Report Domain: example.net Submitter: fastmail.com",
                    "1794441600000123@fastmail.com", rfcdate(day(4) + 120),
                    ['Content-Type: multipart/mixed; boundary="%s"' % ibnd])
    inner += ("\n--%s\nContent-Type: text/plain; charset=utf-8\n\n"
              "DMARC aggregate report for example.net\n--%s\n"
              "Content-Disposition: inline; filename=%s\n"
              "Content-Type: application/gzip; name=%s\n"
              "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
              % (ibnd, ibnd, fn, fn,
                 b64(gz(xml_report(r_fm), fn[:-3])).rstrip("\n"), ibnd))
    obnd = "fwd-boundary-09"
    m = headers("Postmaster <postmaster@example.net>",
                "Fwd: Report Domain: example.net Submitter: fastmail.com",
                "fwd-09@example.net", rfcdate(day(4) + 5000),
                ['Content-Type: multipart/mixed; boundary="%s"' % obnd])
    m += ("\n--%s\nContent-Type: text/plain; charset=utf-8\n\n"
          "Forwarding the report that landed in my inbox.\n--%s\n"
          "Content-Type: message/rfc822\n"
          "Content-Disposition: attachment\n\n%s\n--%s--\n"
          % (obnd, obnd, inner, obnd))
    add("1794446100.M09P1009.mx.example.com", m, "stored", [r_fm],
        "forwarded: multipart/mixed > message/rfc822 > Fastmail "
        "multipart/mixed > application/gzip (unquoted name with '!', "
        "disposition inline, no Report-ID in subject)")

    # 10 Two reports in one message (xs4all-style, subject folded over
    # three lines).
    r_x1 = report(
        "xs4all.nl", "dmarc@xs4all.nl", "xs4all.nl-example.com-1794528000",
        day(4), day(4) + 86399, "example.com", "reject", sp="reject",
        records=[rec("192.0.2.11", 7, "none", "pass", "pass", "example.com",
                     [("example.com", "s1", "pass")],
                     [("example.com", "mfrom", "pass")])])
    r_x2 = report(
        "xs4all.nl", "dmarc@xs4all.nl", "xs4all.nl-example.org-1794528000",
        day(4), day(4) + 86399, "example.org", "quarantine",
        records=[rec("203.0.113.5", 4, "none", "pass", "pass", "example.org",
                     [("example.org", "selector2", "pass")],
                     [("example.org", "mfrom", "pass")]),
                 rec("203.0.113.250", 2, "quarantine", "fail", "fail",
                     "example.org", [], [("example.org", "mfrom", "fail")])])
    bnd = "xs4all-two-reports-10"
    m = headers("dmarc@xs4all.nl",
                "Report Domain: example.com\n Submitter: xs4all.nl\n "
                "Report-ID: <xs4all.nl-example.com-1794528000>",
                "two-reports-10@xs4all.nl", rfcdate(day(5) + 300),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += "\n--%s\nContent-Type: text/plain\n\nTwo reports attached.\n" % bnd
    for r in (r_x1, r_x2):
        fn = fname("xs4all.nl", r, ".xml.gz")
        m += ("--%s\nContent-Type: application/gzip; name=\"%s\"\n"
              "Content-Disposition: attachment; filename=\"%s\"\n"
              "Content-Transfer-Encoding: base64\n\n%s"
              % (bnd, fn, fn, b64(gz(xml_report(r), fn[:-3]))))
    m += "--%s--\n" % bnd
    add("1794614700.M10P1010.mx.example.com", m, "stored", [r_x1, r_x2],
        "two gzip attachments, two reports (example.com and example.org) "
        "in one message; subject folded over three lines")

    # 11 Google after a relay: multipart/mixed, an unnamed application/zip
    # part (the XML inside the zip) and an appended text footer.
    r_g2 = report(
        "google.com", "noreply-dmarc-support@google.com", "7739270066213344519",
        day(4), day(4) + 86399, "example.org", "quarantine", sp="quarantine",
        pct=100, np="quarantine", records=[
            rec("203.0.113.5", 80, "none", "pass", "pass", "example.org",
                [("example.org", "google", "pass")],
                [("example.org", "mfrom", "pass")]),
            rec("198.51.100.9", 11, "quarantine", "fail", "fail",
                "example.org", [("example.org", "google", "fail")],
                [("example.org", "mfrom", "fail")]),
            rec("192.0.2.77", 1, "none", "fail", "fail", "example.org",
                [], [("example.org", "mfrom", "softfail")],
                reasons=[("sampled_out", "")]),
        ])
    bnd = "relay-footer-11"
    fn = fname("google.com", r_g2, ".xml")
    m = headers("noreply-dmarc-support@google.com",
                "Report domain: example.org Submitter: google.com Report-ID: "
                "7739270066213344519", "7739270066213344519@google.com",
                rfcdate(day(5) + 3600),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: application/zip\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s\n"
          "Content-Type: text/plain; charset=us-ascii\n\n-- \nScanned by "
          "the mail relay of example.org.\n--%s--\n"
          % (bnd, b64(zipped(xml_report(r_g2), fn)).rstrip("\n"), bnd, bnd))
    add("1794618000.M11P1011.mx.example.com", m, "stored", [r_g2],
        "Google after a relay: multipart/mixed with an unnamed application/"
        "zip part (XML inside the zip) and a text footer; a sampled_out "
        "reason with an empty comment")

    # 12 GMX: dmarc-2.0 namespace, version 1.0, discovery_method right after
    # domain, generator, np, testing.
    r_gmx = report(
        "GMX", "noreply-dmarc@gmx.net", "52fd8a3e1c9b4f6aa0e1d2c3b4a59687",
        day(5), day(5) + 86399, "example.com", "reject", sp="reject",
        np="reject", ns=NS2, generator="GMX DMARC Reporter",
        discovery="treewalk", testing="n", records=[
            rec("192.0.2.10", 9, "pass", "pass", "pass", "example.com",
                [("example.com", "s1", "pass")],
                [("example.com", "mfrom", "pass")]),
            rec("203.0.113.66", 3, "reject", "fail", "fail", "example.com",
                [("example.com", "s1", "fail")],
                [("example.com", "mfrom", "fail")]),
        ])
    fn = fname("gmx.net", r_gmx, ".xml.gz")
    bnd = "gmx-boundary-12"
    m = headers("noreply-dmarc@gmx.net",
                "Report Domain: example.com Submitter: gmx.net Report-ID: "
                "52fd8a3e1c9b4f6aa0e1d2c3b4a59687",
                "52fd8a3e1c9b4f6aa0e1d2c3b4a59687@gmx.net",
                rfcdate(day(6) + 200),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: application/gzip; name=\"%s\"\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, fn, fn, b64(gz(xml_report(r_gmx), fn[:-3])).rstrip("\n"),
             bnd))
    add("1794700800.M12P1012.mx.example.com", m, "stored", [r_gmx],
        "GMX: dmarc-2.0 namespace (schema dmarc-2.0), <generator>, "
        "<discovery_method> right after <domain>, <np>, <testing>, "
        "disposition 'pass'")

    # 13 Re-send of the Yahoo report (03): zipped, pretty-printed: duplicate.
    fn = fname("yahoo.com", r_yahoo, ".zip")
    bnd = "----=_Part_601234_resend"
    m = headers("Yahoo DMARC Report <noreply@dmarc.yahoo.com>",
                "Report Domain: example.com Submitter: yahoo.com "
                "Report-ID: <1794268800.601234>",
                "1794790000.601234.resend@dmarc.yahoo.com",
                rfcdate(day(6) + 9000),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: application/zip; name=\"%s\"\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, fn, fn,
             b64(zipped(xml_report(r_yahoo, pretty=True),
                        fn[:-4] + ".xml")).rstrip("\n"), bnd))
    add("1794790000.M13P1013.mx.example.com", m, "duplicate", [],
        "re-send of the Yahoo report of message 03: zip instead of gzip, "
        "pretty-printed instead of compact: a duplicate (nothing counted)",
        reason="duplicate")

    # 14 Conflicting re-send of the Mail.Ru report (04): same org_name and
    # report_id, the record's count differs (12 -> 13): conflict.
    r_conf = dict(r_mailru)
    r_conf["records"] = [dict(r_mailru["records"][0], count=13)]
    add("1794790100.M14P1014.mx.example.com",
        mailru_msg(r_conf, "21897493826151230101.2@mail.ru", day(6) + 9500),
        "conflict",
        [], "conflicting re-send of the Mail.Ru report of message 04 (same "
        "org_name and report_id, count 13 instead of 12): recorded in "
        "conflicts, not counted", reason="conflict")

    # 15 Not a report.
    m = headers("Friendly Admin <admin@example.org>", "Lunch on Friday?",
                "lunch-15@example.org", rfcdate(day(6) + 10000),
                ["Content-Type: text/plain; charset=utf-8"])
    m += "\nHi,\n\nshall we meet for lunch on Friday at noon?\n\nAdmin\n"
    add("1794790200.M15P1015.mx.example.com", m, "not_report", [],
        "ordinary mail, no attachment: not a report, left in new/",
        reason="no-report")

    # 16 Broken: the gzip attachment is corrupt (deflate data replaced by
    # bytes starting with an invalid block type).  Rejected, quarantined.
    r_bad = report(
        "broken.example.net", "dmarc@broken.example.net", "broken-16",
        day(6), day(6) + 86399, "example.net", "none",
        records=[rec("192.0.2.99", 99, "none", "pass", "pass", "example.net",
                     [], [("example.net", "mfrom", "pass")])])
    fn = fname("broken.example.net", r_bad, ".xml.gz")
    good = gz(xml_report(r_bad), fn[:-3])
    hdr_len = 10 + len(fn[:-3]) + 1           # gzip header with FNAME
    bad = bytearray(good)
    for i in range(hdr_len, min(len(bad) - 8, hdr_len + 48)):
        bad[i] = 0xFF                          # BFINAL=1 BTYPE=11: invalid
    bnd = "broken-boundary-16"
    m = headers("dmarc@broken.example.net",
                "Report Domain: example.net Submitter: broken.example.net "
                "Report-ID: broken-16", "broken-16@broken.example.net",
                rfcdate(day(7)),
                ['Content-Type: multipart/mixed; boundary="%s"' % bnd])
    m += ("\n--%s\nContent-Type: application/gzip; name=\"%s\"\n"
          "Content-Disposition: attachment; filename=\"%s\"\n"
          "Content-Transfer-Encoding: base64\n\n%s\n--%s--\n"
          % (bnd, fn, fn, b64(bytes(bad)).rstrip("\n"), bnd))
    add("1794790300.M16P1016.mx.example.com", m, "rejected", [],
        "corrupt gzip attachment (invalid deflate block type): rejected, "
        "moved to .Quarantine", reason="gzip-corrupt")
    return msgs


# ------------------------------------------------------------- expected

def expected(msgs):
    reports = [r for m in msgs for r in m["reports"]]
    e = []
    add = e.append
    add(("files", len(msgs)))
    outcomes = {}
    for m in msgs:
        outcomes[m["outcome"]] = outcomes.get(m["outcome"], 0) + 1
    recs = sum(len(r["records"]) for r in reports)
    mc = sum(c["count"] for r in reports for c in r["records"])
    add(("summary.messages", len(msgs)))
    add(("summary.stored", len(reports)))
    add(("summary.duplicates", outcomes.get("duplicate", 0)))
    add(("summary.conflicts", outcomes.get("conflict", 0)))
    add(("summary.records", recs))
    add(("summary.not_report", outcomes.get("not_report", 0)))
    add(("summary.rejected", outcomes.get("rejected", 0)))
    add(("exit", 1 if outcomes.get("rejected") else 0))
    for o in ("stored", "duplicate", "conflict", "not_report", "rejected"):
        add(("outcome.%s" % o, outcomes.get(o, 0)))
    add(("reports", len(reports)))
    add(("records", recs))
    add(("message_count", mc))
    add(("conflicts_table", outcomes.get("conflict", 0)))
    for d in sorted({r["domain"] for r in reports}):
        rs = [r for r in reports if r["domain"] == d]
        add(("domain.%s.reports" % d, len(rs)))
        add(("domain.%s.records" % d, sum(len(r["records"]) for r in rs)))
        add(("domain.%s.messages" % d,
             sum(c["count"] for r in rs for c in r["records"])))
    for disp in ("none", "pass", "quarantine", "reject"):
        add(("disposition.%s" % disp,
             sum(c["count"] for r in reports for c in r["records"]
                 if c["disp"] == disp)))
    dp = sum(c["count"] for r in reports for c in r["records"]
             if c["dkim"] == "pass" or c["spf"] == "pass")
    add(("dmarc.pass", dp))
    add(("dmarc.fail", mc - dp))
    add(("ipv6_records", sum(1 for r in reports for c in r["records"]
                             if ":" in c["ip"])))
    add(("schema.dmarc-2.0", sum(1 for r in reports if r["ns"] == NS2)))
    add(("schema.rfc7489", sum(1 for r in reports if r["ns"] is None)))
    add(("orgs", "|".join(sorted(r["org"] for r in reports))))
    for m in msgs:
        if m["outcome"] == "rejected":
            add(("rejected.file", m["name"]))
            add(("rejected.reason", m["reason"]))
        if m["outcome"] == "not_report":
            add(("not_report.file", m["name"]))
    return e


def write(outdir):
    msgs = build()
    md = os.path.join(outdir, "maildir")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(md, sub), exist_ok=True)
        for f in os.listdir(os.path.join(md, sub)):
            if not f.startswith("."):
                os.unlink(os.path.join(md, sub, f))
    keep = os.path.join(md, "tmp", ".gitkeep")
    with open(keep, "w") as f:
        f.write("")
    os.utime(keep, (FILE_MTIME, FILE_MTIME))
    for m in msgs:
        p = os.path.join(md, m["sub"], m["name"])
        with open(p, "wb") as f:
            f.write(m["data"])
        os.utime(p, (FILE_MTIME, FILE_MTIME))
    e = expected(msgs)
    with open(os.path.join(outdir, "EXPECTED.tsv"), "w") as f:
        f.write("# key\tvalue -- generated by samples/generate.py\n")
        for k, v in e:
            f.write("%s\t%s\n" % (k, v))
    with open(os.path.join(outdir, "MESSAGES.tsv"), "w") as f:
        f.write("# dir\tfile\toutcome\treason\treports\trecords\tmessages\t"
                "filed_as\n")
        for m in msgs:
            rs = m["reports"]
            dest = {"stored": "cur", "duplicate": "cur", "conflict": "cur",
                    "not_report": "new", "rejected": ".Quarantine"}[m["outcome"]]
            after = m["after"]
            if m["outcome"] in ("stored", "duplicate", "conflict") \
                    and ":2," not in after:
                after += ":2,S"
            f.write("%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s/%s\n" % (
                m["sub"], m["name"], m["outcome"], m["reason"] or "-",
                len(rs), sum(len(r["records"]) for r in rs),
                sum(c["count"] for r in rs for c in r["records"]), dest,
                after))
    write_readme(outdir, msgs, e)


def md_cell(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|"))


def write_readme(outdir, msgs, e):
    path = os.path.join(outdir, "README.md")
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        return
    start = "<!-- generated: begin -->"
    end = "<!-- generated: end -->"
    if start not in text or end not in text:
        return
    out = ["", "### Messages", "",
           "| # | dir | file | outcome | reports | records | messages | "
           "reporter / policy domain | shape |",
           "|---|---|---|---|---|---|---|---|---|"]
    for i, m in enumerate(msgs, 1):
        rs = m["reports"]
        who = ", ".join("%s / %s" % (r["org"], r["domain"]) for r in rs) or "-"
        out.append("| %02d | %s | `%s` | %s%s | %d | %d | %d | %s | %s |" % (
            i, m["sub"], m["name"], m["outcome"],
            " (%s)" % m["reason"] if m["reason"] else "", len(rs),
            sum(len(r["records"]) for r in rs),
            sum(c["count"] for r in rs for c in r["records"]), who,
            md_cell(m["what"])))
    out += ["", "### Expected totals (samples/EXPECTED.tsv)", "",
            "| key | value |", "|---|---|"]
    for k, v in e:
        out.append("| `%s` | %s |" % (k, md_cell(str(v))))
    out.append("")
    a = text.index(start) + len(start)
    b = text.index(end)
    text = text[:a] + "\n" + "\n".join(out) + "\n" + text[b:]
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write(sys.argv[1] if len(sys.argv) > 1 else here)
