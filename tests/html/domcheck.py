#!/usr/bin/env python3
"""tests/html/domcheck.py -- read a weekly page (as written, or as Chromium
rendered it with --dump-dom) and answer questions about it for the 4xxx
tests.  Standard library only.

  domcheck.py FILE safe              exit 1 (and say why) if the document has
                                     a <script>, an on* attribute, an href
                                     that is not a #fragment, a src, or any
                                     external URL in an attribute
  domcheck.py FILE text ID           text content of the element with id ID
  domcheck.py FILE cell ID ROW COL   text of a table cell (rows count <tr>s of
                                     thead/tbody/tfoot in order, from 0; th and
                                     td both count as cells)
  domcheck.py FILE rows ID           number of <tr> in the table's tbody
  domcheck.py FILE colsum ID COL     sum of the integers in column COL of the
                                     table's tbody (commas removed)
  domcheck.py FILE count TAG         number of elements named TAG
"""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all_text(self):
        out = []
        for c in self.text_and_children:
            out.append(c if isinstance(c, str) else c.all_text())
        return "".join(out)


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.root.text_and_children = []
        self.cur = self.root
        self.nodes = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        n.text_and_children = []
        self.cur.text_and_children.append(n)
        self.nodes.append(n)
        for k, v in attrs:
            lk = k.lower()
            if lk.startswith("on"):
                self.problems.append("event handler attribute %s on <%s>" % (k, tag))
            if lk in ("src", "srcset", "action", "formaction", "background", "poster"):
                self.problems.append("attribute %s on <%s>" % (k, tag))
            if lk in ("href", "xlink:href") and not (v or "").startswith("#"):
                self.problems.append("link %s=%r on <%s>" % (k, v, tag))
            if v and ("://" in v or v.strip().lower().startswith("javascript:")) \
                    and lk not in ("xmlns",):
                self.problems.append("URL in %s=%r on <%s>" % (k, v, tag))
        if tag in ("script", "iframe", "object", "embed", "link", "img", "base",
                   "form", "frame", "applet"):
            self.problems.append("element <%s>" % tag)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.cur.tag == tag:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.text_and_children.append(data)

    def by_id(self, i):
        for n in self.nodes:
            if n.attrs.get("id") == i:
                return n
        sys.exit("no element with id %s" % i)


def rows_of(table, sections=("thead", "tbody", "tfoot")):
    out = []

    def walk(n, insec):
        for c in n.text_and_children:
            if isinstance(c, str):
                continue
            if c.tag in ("thead", "tbody", "tfoot"):
                walk(c, c.tag in sections)
            elif c.tag == "tr" and insec:
                out.append([x.all_text().strip() for x in c.text_and_children
                            if not isinstance(x, str) and x.tag in ("td", "th")])
            else:
                walk(c, insec)
    walk(table, False)
    return out


def main():
    path, what = sys.argv[1], sys.argv[2]
    t = Tree()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    if what == "safe":
        if t.problems:
            print("\n".join(t.problems))
            sys.exit(1)
        print("safe")
    elif what == "text":
        print(" ".join(t.by_id(sys.argv[3]).all_text().split()))
    elif what == "cell":
        r = rows_of(t.by_id(sys.argv[3]))
        print(r[int(sys.argv[4])][int(sys.argv[5])])
    elif what == "rows":
        print(len(rows_of(t.by_id(sys.argv[3]), ("tbody",))))
    elif what == "colsum":
        col = int(sys.argv[4])
        print(sum(int(r[col].replace(",", "")) for r in
                  rows_of(t.by_id(sys.argv[3]), ("tbody",))))
    elif what == "count":
        print(sum(1 for n in t.nodes if n.tag == sys.argv[3]))
    else:
        sys.exit("unknown question " + what)


if __name__ == "__main__":
    main()
