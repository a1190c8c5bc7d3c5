#!/usr/bin/env python3
# tests/integration/spf-suite.py -- the OpenSPF RFC 7208 test suite
# (../shared/spf-testsuite/rfc7208-tests.yml, never copied here) through
# `dmarc-report check`, each scenario's zone served by NSD.  Run by
# 3005-spf-suite.sh, which sets DR_BUILD and DR_SRC.
#
#   spf-suite.py SUITE.yml WORKDIR [SCENARIO-SUBSTRING [TEST-NAME]]
#
# Per scenario: its zonedata becomes the root zone (WORKDIR/zones/
# root.zone), tests/dns/nsd-run.sh serves it, and each test runs as a
# mail receiver would call check_host():
#     check DOMAIN --ip HOST --sender SENDER --helo HELO
# where SENDER is MAIL FROM, or postmaster@HELO when MAIL FROM is empty
# (RFC 7208 2.3, 2.4), and DOMAIN the part of SENDER after its last '@'.
# The result is the SPF result of that IP (`--format json`,
# .spf.ip_results[0].result); the suite allows several results per test.
#
# As the suite's own driver (pyspf testspf.py) does, an SPF entry is also
# served as TXT unless the name has a TXT entry of its own ("NONE": no
# record of that type).  A bare TIMEOUT entry (the name never answers)
# cannot be served by NSD: a test that may reach such a name is skipped
# with that reason.  Explanations (exp=) are not checked: `check` gives
# results, not the text a receiver would send back.
#
# Prints one line per failing or skipped test, then "N passed, N failed,
# N skipped"; exits 1 on any failure, 77 when NSD cannot run.
import json
import os
import re
import subprocess
import sys

import yaml

DR_BUILD = os.environ["DR_BUILD"]
DR_SRC = os.environ["DR_SRC"]
NSD_RUN = os.path.join(DR_SRC, "tests/dns/nsd-run.sh")
REPORT = os.path.join(DR_BUILD, "dmarc-report")


def rr_bytes(s):
    # The suite's strings are text; a code point below 256 is that byte
    # (the non-ASCII tests mean single hostile bytes), the rest UTF-8.
    out = bytearray()
    for ch in s:
        o = ord(ch)
        out += bytes([o]) if o < 256 else ch.encode("utf-8")
    return bytes(out)


def zone_string(b):
    # One <character-string> in zone-file syntax: printable ASCII as is,
    # '"' and '\' escaped, anything else \DDD.
    s = '"'
    for c in b:
        if c in (0x22, 0x5C):
            s += "\\" + chr(c)
        elif 0x20 <= c <= 0x7E:
            s += chr(c)
        else:
            s += "\\%03d" % c
    return s + '"'


def txt_rdata(v):
    parts = v if isinstance(v, list) else [v]
    strings = []
    for p in parts:
        b = rr_bytes(p)
        if not b:
            strings.append(b"")
        # a character-string holds 255 bytes at most
        for i in range(0, len(b), 255):
            strings.append(b[i:i + 255])
    if not strings:
        strings = [b""]
    return " ".join(zone_string(x) for x in strings)


def records(name, entries):
    """(type, rdata) zone lines of one name, and whether it times out."""
    out, gen_txt, spf = [], True, []
    timeout = False
    for e in entries:
        if not isinstance(e, dict):
            if e == "TIMEOUT":
                timeout = True
            continue
        for t, v in e.items():
            if t == "TXT":
                gen_txt = False
            elif t == "SPF":
                spf.append(v)
            if v == "NONE":
                continue
            if t in ("TXT", "SPF"):
                out.append((t, txt_rdata(v)))
            elif t == "MX":
                target = v[1].rstrip(".") + "." if v[1] else "."
                out.append(("MX", "%d %s" % (v[0], target)))
            elif t in ("PTR", "CNAME"):
                out.append((t, v.rstrip(".") + "."))
            elif t in ("A", "AAAA"):
                out.append((t, v))
            else:
                raise SystemExit("unknown record type %s at %s" % (t, name))
    if gen_txt:
        for v in spf:
            if v != "NONE":
                out.append(("TXT", txt_rdata(v)))
    return out, timeout


def owner(name):
    # An owner name in zone-file syntax: the suite has names with spaces
    # and '%' (macro expansion tests); anything but LDH, '_' and '*' is
    # written \DDD.
    out = ""
    for c in rr_bytes(name.rstrip(".")):
        ch = chr(c)
        out += ch if re.fullmatch(r"[A-Za-z0-9_*.-]", ch) else "\\%03d" % c
    return out + "."


def identity(t):
    helo = t.get("helo", "")
    mf = t.get("mailfrom", "") or ""
    sender = mf if mf else "postmaster@" + helo
    return sender, sender.rsplit("@", 1)[1], helo


def write_zone(zdir, scen):
    """The scenario as the root zone (root.zone, see tests/dns/nsd-run.sh):
    every name is answered, a name not in zonedata with NXDOMAIN, as the
    real DNS would.  Returns the names that time out."""
    timeouts = set()
    for f in os.listdir(zdir):
        os.unlink(os.path.join(zdir, f))
    with open(os.path.join(zdir, "root.zone"), "w") as f:
        f.write("$TTL 60\n")
        f.write(". IN SOA ns.invalid. hostmaster.invalid. "
                "1 3600 600 86400 60\n")
        f.write(". IN NS ns.invalid.\n")
        for name, entries in scen["zonedata"].items():
            rrs, to = records(name, entries)
            if to:
                timeouts.add(name.lower().rstrip("."))
            for t, r in rrs:
                f.write("%s IN %s %s\n" % (owner(name), t, r))
    return timeouts


def words(v):
    return re.findall(r"[A-Za-z0-9_.-]+", v if isinstance(v, str) else
                      " ".join(v) if isinstance(v, list) else str(v))


def reaches_timeout(scen, t, timeouts):
    """Whether evaluating t may look up a name that times out: the names
    reachable from its domain through the zone's records (any word of a
    record that is a name of the zone, or under one of the timeouts)."""
    if not timeouts:
        return None
    zd = {k.lower().rstrip("."): v for k, v in scen["zonedata"].items()}
    _, dom, _ = identity(t)
    todo, seen = [dom.lower()], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in timeouts:
            return n
        for e in zd.get(n, []):
            if not isinstance(e, dict):
                continue
            for v in e.values():
                for w in words(v):
                    w = w.lower().rstrip(".")
                    if w in zd or w in timeouts:
                        todo.append(w)
    return None


def run_check(port, t, wd):
    sender, dom, helo = identity(t)
    cmd = [REPORT, "--db", os.path.join(wd, "none.sqlite"),
           "--dns-server", "127.0.0.1:%s" % port, "check", dom,
           "--ip", t["host"], "--sender", sender, "--timeout", "1000",
           "--tries", "1", "--format", "json"]
    if helo:
        cmd += ["--helo", helo]
    p = subprocess.run(cmd, capture_output=True)
    # 1: the record has errors, 69: a lookup failed (util/exits.def);
    # the result is in the output either way
    if p.returncode not in (0, 1, 69):
        return "exit %d: %s" % (p.returncode,
                                p.stderr.decode("utf-8", "replace").strip())
    j = json.loads(p.stdout)
    ip = j["domains"][0]["spf"]["ip_results"][0]
    return ip["result"], ip.get("cause") or ip.get("mechanism") or ""


def main():
    suite, wd = sys.argv[1], sys.argv[2]
    only = sys.argv[3] if len(sys.argv) > 3 else None
    only_test = sys.argv[4] if len(sys.argv) > 4 else None
    zdir = os.path.join(wd, "zones")
    os.makedirs(zdir, exist_ok=True)
    passed = failed = skipped = 0
    with open(suite, "rb") as f:
        scenarios = list(yaml.safe_load_all(f))
    for scen in scenarios:
        desc = scen["description"]
        if only and only not in desc:
            continue
        timeouts = write_zone(zdir, scen)
        env = dict(os.environ, NSD_ZONES_DIR=zdir)
        # to a file, not a pipe: nsd and its watchdog keep inherited
        # descriptors open, and a pipe would never reach its end
        with open(os.path.join(wd, "nsd-start.out"), "w+") as out:
            p = subprocess.run(["bash", NSD_RUN, "start", str(os.getpid())],
                               env=env, stdout=out, stderr=out)
            out.seek(0)
            text = out.read()
        if p.returncode != 0:
            print("nsd did not start for '%s':\n%s" % (desc, text))
            return 77
        port, ndir = text.split()[-2:]
        try:
            for name, t in scen["tests"].items():
                if only_test and name != only_test:
                    continue
                want = t["result"]
                want = want if isinstance(want, list) else [want]
                to = reaches_timeout(scen, t, timeouts)
                if to is not None:
                    skipped += 1
                    print("skip: %s / %s: needs a DNS timeout at %s "
                          "(NSD cannot serve one)" % (desc, name, to))
                    continue
                got = run_check(port, t, wd)
                if isinstance(got, tuple) and got[0] in want:
                    passed += 1
                    continue
                failed += 1
                print("FAIL: %s / %s (spec %s): expected %s, got %s" %
                      (desc, name, t.get("spec", "?"), "|".join(want),
                       got if isinstance(got, str) else
                       "%s (%s)" % got))
        finally:
            subprocess.run(["bash", NSD_RUN, "stop", ndir])
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
