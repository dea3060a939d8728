#!/usr/bin/env python3
"""Prints a crate's module graph (file -> files it imports) and fails on a cycle.

An edge is any `crate::a::b` path (in a `use` or inline), a relative path from
the crate root (`lib.rs`, `main.rs` via the library's name) or from a module
with children (`mod.rs`, or `foo.rs` beside `foo/`), or a `super::` path,
resolved to the file that defines it. `mod x;` declarations are structure,
not imports, and `#[cfg(test)]` blocks are skipped. A child that reaches into
its parent and a parent that uses its child make a cycle, like any other.

Usage: python3 scripts/module_graph.py CRATE_DIR [LIB_NAME]   (exit 1 on a cycle)
       python3 scripts/module_graph.py --all   (the workspace's four crates)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES = [(".", "booking_checkout"), ("server", "booking_server"), ("contract", "booking_contract"),
          ("audit", "booking_checkout_audit")]
SRC = ROOT / "src"
LIB = "booking_server"
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def module_of(path):
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts.pop()
    if parts in (["lib"], ["main"]):
        return []
    return parts


FILES, TOP = {}, set()


def load(src):
    global SRC, FILES, TOP
    SRC = src
    FILES = {tuple(module_of(p)): p for p in SRC.rglob("*.rs") if p.name != "main.rs"}
    TOP = {k[0] for k in FILES if k}


def resolve(segments):
    """The file defining the longest module prefix of `segments`."""
    for n in range(len(segments), 0, -1):
        key = tuple(segments[:n])
        if key in FILES:
            return FILES[key]
    return None


def expand(path_text):
    """`a::{b, c::d}` -> [[a, b], [a, c, d]] (one level of braces)."""
    m = re.match(r"((?:%s::)*)\{([^}]*)\}" % IDENT, path_text)
    if not m:
        return [[s for s in path_text.split("::") if s]]
    head = [s for s in m.group(1).split("::") if s]
    items = [item.split(" as ")[0].strip() for item in m.group(2).split(",")]
    return [head + [s for s in item.split("::") if s] for item in items if item]


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    cut = re.search(r"#\[cfg\((?:all\()?test\b", text)
    return text if cut is None else text[: cut.start()]


def imports(path):
    me = module_of(path)
    text = strip(path.read_text())
    found = set()
    roots = [r"crate::"]
    if path.name == "main.rs":
        roots.append(LIB + "::")
    for root in roots:
        for m in re.finditer(r"\b%s((?:%s::)*(?:\{[^}]*\}|%s))" % (root, IDENT, IDENT), text):
            for segs in expand(m.group(1)):
                # An item of the crate root (`crate::app`, `booking_server::serve`) is lib.rs.
                found.add(resolve(segs) or SRC / "lib.rs")
    for m in re.finditer(r"\bsuper::((?:%s::)*(?:\{[^}]*\}|%s))" % (IDENT, IDENT), text):
        for segs in expand(m.group(1)):
            found.add(resolve(me[:-1] + segs))
    has_children = path.name == "mod.rs" or path.with_suffix("").is_dir()
    if path.name == "lib.rs" or has_children:
        # Paths relative to this module: `routes::bookings`, `client::X` in a parent module.
        children = TOP if path.name == "lib.rs" else {k[len(me)] for k in FILES if len(k) > len(me) and list(k[: len(me)]) == me}
        for m in re.finditer(r"(?<![:\w])((?:%s::)+(?:\{[^}]*\}|%s)?)" % (IDENT, IDENT), text):
            for segs in expand(m.group(1)):
                if segs and segs[0] in children:
                    found.add(resolve(me + segs))
    found.discard(None)
    found.discard(path)
    return sorted(found)


def name(p):
    return str(p.relative_to(SRC))


def check(src, lib):
    global LIB
    LIB = lib
    load(src)
    files = sorted(SRC.rglob("*.rs"))
    graph = {name(p): [name(q) for q in imports(p)] for p in files}
    print(f"# {src.relative_to(ROOT) if src != ROOT / 'src' else 'src'}")
    for f, deps in graph.items():
        print(f"{f} -> {', '.join(deps) if deps else '(none)'}")
    # Cycle search (DFS, colours).
    state, stack, cycles = {}, [], []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for d in graph.get(n, []):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n)
    if cycles:
        print("\ncycles:")
        for c in cycles:
            print("  " + " -> ".join(c))
        return 1
    print("\nno cycle")
    return 0


def main(args):
    if args == ["--all"]:
        crates = CRATES
    elif args:
        crates = [(args[0], args[1] if len(args) > 1 else "")]
    else:
        sys.exit(__doc__)
    failed = 0
    for crate, lib in crates:
        failed |= check(ROOT / crate / "src", lib)
        print()
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
