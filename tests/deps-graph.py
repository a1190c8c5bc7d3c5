#!/usr/bin/env python3
"""tests/deps-graph.py RULES BUILD_DIR [SRC] -- the link-level half of
tests/check-deps.sh.  With SRC, object files whose source is gone (a
build directory that outlived a move) are left out.

Reads every object file of the product libraries under BUILD_DIR with nm:
file A uses file B when A has an undefined symbol that B defines.  Fails
(exit 1, one line per finding) when
  - a file uses a file of a folder its folder may not use (RULES), or
  - the files form a cycle (A uses B ... uses A): the graph of files must
    be a DAG, so that each file can be read knowing only what it uses.
"""
import os
import subprocess
import sys


def load_rules(path):
    rules = {}
    for line in open(path):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        folder, _, allowed = line.partition(':')
        rules[folder.strip()] = set(allowed.split())
    return rules


def objects(build, rules, src=None):
    """(source path, object path) of each product object file."""
    for folder in rules:
        cm = os.path.join(build, folder, 'CMakeFiles')
        if not os.path.isdir(cm):
            continue
        for lib in os.listdir(cm):
            d = os.path.join(cm, lib)
            if not lib.endswith('.dir') or not os.path.isdir(d):
                continue
            for f in sorted(os.listdir(d)):
                name = folder + '/' + f[:-2]
                if f.endswith('.c.o') and (
                        src is None or os.path.exists(os.path.join(src, name))):
                    yield name, os.path.join(d, f)


def main():
    rules = load_rules(sys.argv[1])
    build = sys.argv[2]
    tree = sys.argv[3] if len(sys.argv) > 3 else None
    defs, uses = {}, {}
    for src, obj in objects(build, rules, tree):
        out = subprocess.run(['nm', obj], capture_output=True, text=True,
                             check=True).stdout
        uses[src] = set()
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in 'TDRBC':
                defs[p[2]] = src
            elif len(p) == 2 and p[0] == 'U':
                uses[src].add(p[1])
    if not uses:
        print('deps-graph: no object files under %s' % build)
        return 1
    graph = {s: sorted({defs[u] for u in us if u in defs and defs[u] != s})
             for s, us in uses.items()}
    bad = 0
    for src, targets in sorted(graph.items()):
        folder = os.path.dirname(src)
        for t in targets:
            tf = os.path.dirname(t)
            if tf != folder and tf not in rules.get(folder, set()):
                print('deps-graph: %s uses %s: %s may not use %s'
                      % (src, t, folder, tf))
                bad = 1
    # cycles: depth-first search with colours
    colour, stack = {}, []

    def visit(n):
        nonlocal bad
        colour[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if colour.get(m) == 1:
                cyc = stack[stack.index(m):] + [m]
                print('deps-graph: cycle: ' + ' -> '.join(cyc))
                bad = 1
            elif m not in colour:
                visit(m)
        stack.pop()
        colour[n] = 2

    for n in sorted(graph):
        if n not in colour:
            visit(n)
    if not bad:
        print('deps-graph: ok (%d files, no cycle, every arrow allowed)'
              % len(graph))
    return bad


if __name__ == '__main__':
    sys.exit(main())
