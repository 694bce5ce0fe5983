#!/usr/bin/env python3
"""Checks the imports inside each crate, from `use` paths: no circles, and the server's
folders only import downward.

Crates are layers and the compiler keeps them apart; inside a crate, only this keeps the
folders and files in one direction. For every `crate::a::b` and `super::` path outside
test modules and test-only files (`*tests.rs`), it draws an edge between the two siblings under the paths' common parent
(`http/access -> http/api`, `compliance/facts -> compliance/propagation`), then reports
each strongly connected group of more than one. In the server it also refuses the
imports ARCHITECTURE.md forbids (`FORBIDDEN`): an HTTP handler reaching the store, an
adapter calling a service. Exit status 1 when it finds any.

Usage: import_rules.py CRATE_SRC_DIR...
"""
import collections
import os
import re
import sys

IDENT = r"[a-z_][a-z0-9_]*"
CRATE_PATH = re.compile(rf"\bcrate::((?:{IDENT}::)*{IDENT})")
SUPER_PATH = re.compile(rf"\b((?:super::)+)((?:{IDENT}::)*{IDENT})")

# The server's top-level folders and those each may not import (ARCHITECTURE.md): edges
# reach the store, the adapters and the feed only through the services; adapters and the
# store never call up into a use case; the services never call an edge.
FORBIDDEN = {
    "server/src": {
        "http": {"store", "ingest", "drivers", "serve"},
        "drivers": {"http", "store"},
        "ingest": {"service", "http", "drivers", "store"},
        "store": {"service", "http", "ingest", "drivers"},
        "service": {"http", "drivers", "serve"},
        "access": {"service", "http", "store", "ingest", "drivers"},
    }
}


def module_of(root, path):
    parts = os.path.relpath(path, root)[:-3].split(os.sep)
    return parts[:-1] if parts[-1] in ("mod", "lib", "main") else parts


def edges_of(root):
    edges = collections.defaultdict(set)
    for directory, _, names in os.walk(root):
        for name in names:
            # Test-only files (`router_tests.rs`, `ffi/tests.rs`) may reach anywhere.
            if not name.endswith(".rs") or name.endswith("tests.rs"):
                continue
            path = os.path.join(directory, name)
            me = module_of(root, path)
            with open(path, encoding="utf-8") as source:
                text = source.read()
            cut = text.find("#[cfg(test)]")
            text = re.sub(r"//.*", "", text if cut < 0 else text[:cut])
            targets = [match.group(1).split("::") for match in CRATE_PATH.finditer(text)]
            for match in SUPER_PATH.finditer(text):
                ups = match.group(1).count("super")
                targets.append(me[: max(len(me) - ups, 0)] + match.group(2).split("::"))
            for target in targets:
                common = 0
                while common < min(len(me), len(target)) and me[common] == target[common]:
                    common += 1
                if common < len(me) and common < len(target):
                    here, there = "/".join(me[: common + 1]), "/".join(target[: common + 1])
                    if here != there:
                        edges[here].add(there)
    return edges


def circles(edges):
    """Tarjan's strongly connected components, iteratively; those of two or more."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for start in sorted(set(edges) | {b for targets in edges.values() for b in targets}):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter[0]
                    counter[0] += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges.get(successor, ())))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def main(roots):
    total = 0
    for root in roots:
        edges = edges_of(root)
        for here, refused in FORBIDDEN.get(root.rstrip("/"), {}).items():
            for there in sorted(edges.get(here, set()) & refused):
                total += 1
                print(f"{root}: {here} imports {there}, which ARCHITECTURE.md forbids")
        for group in circles(edges):
            total += 1
            print(f"{root}: import circle: {' <-> '.join(group)}")
            for here in group:
                for there in sorted(edges[here] & set(group)):
                    print(f"    {here} -> {there}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["server/src", "crates/core/src", "crates/model/src", "app/src"]))
