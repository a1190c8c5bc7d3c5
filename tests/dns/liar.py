#!/usr/bin/env python3
"""tests/dns/liar.py -- a lying DNS server for the tests, on loopback only.

Usage: liar.py LOGFILE
Binds UDP and TCP on the same free port of 127.0.0.1, prints the port on
stdout and serves the crafted answers of ANSWERS below until killed (or for
120 s at most).  Each query is logged to LOGFILE as "udp|tcp TYPE NAME".

The answers lie the ways a server on the path can: records owned by
another name than the one asked, a reply to another question, CNAME
chains listed out of order with foreign records mixed in, CNAME loops.
Names marked tcp=True are answered over UDP with TC set and no records,
so the resolver asks again over TCP and the lie travels over TCP.  A name
not in the table is NXDOMAIN (with an SOA of its last two labels, minimum
300).  Names in servfail.test get rcode SERVFAIL, in refused.test rcode
REFUSED, and in silent.test no reply at all.  See tests/dns/README.md for what each name does.
"""
import socket
import struct
import sys
import threading
import time

A, NS, CNAME, SOA, PTR, MX, TXT, AAAA = 1, 2, 5, 6, 12, 15, 16, 28
TYPES = {"A": A, "CNAME": CNAME, "PTR": PTR, "MX": MX, "TXT": TXT,
         "AAAA": AAAA}
NAMES = {v: k for k, v in TYPES.items()}
ED = "v=DKIM1; k=ed25519; p=vgOUe3VYQCCoz32XW/fa5xlNhw43Zen/V50LSjTGpyE="
# A selector of 83 octets in three labels (issue 15, item 7).
LONGSEL = "a" * 40 + "." + "b" * 30 + "." + "c" * 11

# (name, type) -> dict(answers=[(owner, type, data)], question=(name, type),
#                      tcp=bool)
ANSWERS = {
    # DMARC: the TXT comes back owned by another name
    ("_dmarc.wrongname.test", TXT): dict(tcp=True, answers=[
        ("_dmarc.evil.test", TXT, "v=DMARC1; p=reject")]),
    # SPF: the record is right, the address of its a: is another name's
    ("wrongname.test", TXT): dict(tcp=True, answers=[
        ("wrongname.test", TXT, "v=spf1 a:host.wrongname.test -all")]),
    ("host.wrongname.test", A): dict(answers=[
        ("other.test", A, "192.0.2.77")]),
    # DKIM and MX owned by another name
    ("s1._domainkey.wrongname.test", TXT): dict(answers=[
        ("s1._domainkey.evil.test", TXT, ED)]),
    ("wrongname.test", MX): dict(answers=[
        ("evil.test", MX, (10, "mx.evil.test"))]),
    # a reply to another question (name, then type)
    ("qname.wrongname.test", TXT): dict(question=("other.test", TXT),
        answers=[("other.test", TXT, "v=spf1 +all")]),
    # a CNAME chain out of order, a foreign A mixed in: only 192.0.2.88
    ("chain.test", TXT): dict(answers=[
        ("chain.test", TXT, "v=spf1 a:alias.chain.test -all")]),
    ("alias.chain.test", A): dict(answers=[
        ("real.chain.test", A, "192.0.2.88"),
        ("c1.chain.test", CNAME, "real.chain.test"),
        ("evil.test", A, "192.0.2.77"),
        ("ALIAS.Chain.Test.", CNAME, "c1.chain.test")]),
    # a CNAME loop with an address at its start
    ("loop.test", TXT): dict(answers=[
        ("loop.test", TXT, "v=spf1 a:l1.loop.test -all")]),
    ("l1.loop.test", A): dict(answers=[
        ("l1.loop.test", CNAME, "l2.loop.test"),
        ("l2.loop.test", CNAME, "l1.loop.test"),
        ("l1.loop.test", A, "192.0.2.99")]),
    # PTR / forward confirmation (tests/data/report/fixture.sql's IPs):
    # 192.0.2.1 names mail.google.com, whose A answer is another name's
    ("1.2.0.192.in-addr.arpa", PTR): dict(answers=[
        ("1.2.0.192.in-addr.arpa", PTR, "mail.google.com")]),
    ("mail.google.com", A): dict(tcp=True, answers=[
        ("evil.test", A, "192.0.2.1")]),
    # 198.51.100.7: a PTR owned by another address's name
    ("7.100.51.198.in-addr.arpa", PTR): dict(answers=[
        ("1.1.1.1.in-addr.arpa", PTR, "dns.google.com")]),
    ("dns.google.com", A): dict(answers=[
        ("dns.google.com", A, "198.51.100.7")]),
    # the fixture's policy domain: SPF through an a: that lies
    ("example.com", TXT): dict(answers=[
        ("example.com", TXT, "v=spf1 a:out.example.com -all")]),
    ("out.example.com", A): dict(answers=[
        ("evil.test", A, "192.0.2.1"), ("evil.test", A, "198.51.100.7")]),
    # DKIM selector names: the key of the 83-octet selector, and what a
    # selector cut to 63 octets would find
    (LONGSEL + "._domainkey.wrongname.test", TXT): dict(answers=[
        (LONGSEL + "._domainkey.wrongname.test", TXT, ED)]),
    # IP-to-ASN (--asn-zone lie.test, issue 12): the origin TXT of
    # 192.0.2.1 owned by another IP's name; garbage for 198.51.100.7
    ("1.2.0.192.origin.lie.test", TXT): dict(answers=[
        ("8.8.8.8.origin.lie.test", TXT,
         "15169 | 8.8.8.0/24 | US | arin | 2023-12-28")]),
    ("7.100.51.198.origin.lie.test", TXT): dict(answers=[
        ("7.100.51.198.origin.lie.test", TXT,
         "15169 | <script>alert(1)</script> | US | arin | 2023-12-28")]),
}


def enc_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rdata(rtype, data):
    if rtype == A:
        return socket.inet_pton(socket.AF_INET, data)
    if rtype == AAAA:
        return socket.inet_pton(socket.AF_INET6, data)
    if rtype in (CNAME, PTR, NS):
        return enc_name(data)
    if rtype == MX:
        return struct.pack("!H", data[0]) + enc_name(data[1])
    if rtype == TXT:
        b = data.encode()
        return b"".join(bytes([len(b[i:i + 255])]) + b[i:i + 255]
                        for i in range(0, max(len(b), 1), 255))
    raise ValueError(rtype)


def rr(owner, rtype, data, ttl=3600):
    d = rdata(rtype, data)
    return enc_name(owner) + struct.pack("!HHIH", rtype, 1, ttl, len(d)) + d


def soa(name):
    zone = ".".join(name.rstrip(".").split(".")[-2:])
    d = enc_name("ns." + zone) + enc_name("host." + zone) + \
        struct.pack("!IIIII", 1, 3600, 600, 86400, 300)
    return enc_name(zone) + struct.pack("!HHIH", SOA, 1, 3600, len(d)) + d


def parse_question(msg):
    off, labels = 12, []
    while msg[off]:
        n = msg[off]
        labels.append(msg[off + 1:off + 1 + n].decode("latin-1"))
        off += 1 + n
    qtype, = struct.unpack("!H", msg[off + 1:off + 3])
    return ".".join(labels), qtype


def reply(msg, over_tcp, log):
    qid, = struct.unpack("!H", msg[:2])
    name, qtype = parse_question(msg)
    with open(log, "a") as f:
        f.write("%s %s %s\n" % ("tcp" if over_tcp else "udp",
                                NAMES.get(qtype, qtype), name))
    # failures by name (issue 14): *.servfail.test SERVFAIL, *.refused.test
    # REFUSED, *.silent.test no reply at all (the caller times out)
    low = name.lower().rstrip(".")
    for zone, rcode in (("servfail.test", 2), ("refused.test", 5)):
        if low == zone or low.endswith("." + zone):
            return struct.pack("!HHHHHH", qid, 0x8180 | rcode, 1, 0, 0, 0) + \
                enc_name(name) + struct.pack("!HH", qtype, 1)
    if low == "silent.test" or low.endswith(".silent.test"):
        return None
    e = ANSWERS.get((name.lower(), qtype))
    qname, qt = (e or {}).get("question") or (name, qtype)
    question = enc_name(qname) + struct.pack("!HH", qt, 1)
    if e is None:
        return struct.pack("!HHHHHH", qid, 0x8583, 1, 0, 1, 0) + \
            question + soa(name)
    if e.get("tcp") and not over_tcp:
        return struct.pack("!HHHHHH", qid, 0x8780, 1, 0, 0, 0) + question
    ans = [rr(*a) for a in e["answers"]]
    return struct.pack("!HHHHHH", qid, 0x8580, 1, len(ans), 0, 0) + \
        question + b"".join(ans)


def serve_udp(s, log):
    while True:
        msg, peer = s.recvfrom(4096)
        try:
            out = reply(msg, False, log)
            if out is not None:
                s.sendto(out, peer)
        except (IndexError, struct.error, UnicodeError):
            pass


def serve_tcp_conn(c, log):
    with c:
        while True:
            head = c.recv(2)
            if len(head) < 2:
                return
            n, = struct.unpack("!H", head)
            msg = b""
            while len(msg) < n:
                part = c.recv(n - len(msg))
                if not part:
                    return
                msg += part
            out = reply(msg, True, log)
            if out is None:
                return
            c.sendall(struct.pack("!H", len(out)) + out)


def serve_tcp(t, log):
    while True:
        c, _ = t.accept()
        threading.Thread(target=serve_tcp_conn, args=(c, log),
                         daemon=True).start()


def main():
    log = sys.argv[1]
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
            break
        except OSError:
            u.close()
            t.close()
    else:
        sys.exit("liar: no free port")
    t.listen(16)
    threading.Thread(target=serve_udp, args=(u, log), daemon=True).start()
    threading.Thread(target=serve_tcp, args=(t, log), daemon=True).start()
    print(port, flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main()
