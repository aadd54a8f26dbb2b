#!/usr/bin/env python3
"""Compare two conformance.py JSON reports over tests/fixtures/real (or any corpus whose files are
named <brief>--<origin>--<extractor>.<ext>): facts passed/total per extractor, per origin and per
file, side by side.

usage: scripts/fidelity.py REPORT_A.json REPORT_B.json [--files] [--category meta,text,...]

  python3 ../shared/tools/conformance.py --corpus tests/fixtures/real --converter briefpress \
      --bin target/release/briefpress --category meta,text,notes,structure --json-report /tmp/a.json --quiet
  CONFORMANCE_TOOLS=... python3 ../shared/tools/conformance.py --corpus tests/fixtures/real \
      --converter pandoc --category meta,text,notes,structure --json-report /tmp/b.json --quiet
  scripts/fidelity.py /tmp/a.json /tmp/b.json --files

"total" counts passed + failed facts; skipped facts are left out (and counted in a footnote).
A column is headed by the report's converter name (and its file name when both are the same).
"""
import argparse
import json
import re
import sys
from collections import defaultdict

NAME = re.compile(r"^(?P<brief>[^/]+?)--(?P<origin>[^/]+)--(?P<extractor>[^/.]+)\.\w+$")


def load(path, cats):
    rep = json.load(open(path, encoding="utf-8"))
    per = {}
    skipped = 0
    for f in rep["files"]:
        p = t = 0
        for fact in f.get("facts", []):
            if cats and fact.get("category") not in cats:
                continue
            if fact["status"] == "pass":
                p += 1
                t += 1
            elif fact["status"] == "fail":
                t += 1
            else:
                skipped += 1
        per[f["file"]] = (p, t, f.get("exit"))
    return rep.get("converter", path), per, skipped


def cell(pt):
    if pt is None:
        return "—"
    p, t = pt[0], pt[1]
    return f"{p}/{t} ({100 * p / t:.0f}%)" if t else "0/0"


def table(title, rows, heads):
    w0 = max([len(title)] + [len(r[0]) for r in rows])
    ws = [max(len(h), max((len(r[i + 1]) for r in rows), default=0)) for i, h in enumerate(heads)]
    out = [f"{title:<{w0}}  " + "  ".join(f"{h:>{w}}" for h, w in zip(heads, ws))]
    out.append("-" * len(out[0]))
    for r in rows:
        out.append(f"{r[0]:<{w0}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(r[1:], ws)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--files", action="store_true", help="also list every file")
    ap.add_argument("--category", help="only these fact categories (comma-separated)")
    args = ap.parse_args()
    cats = set(args.category.split(",")) if args.category else None
    (na, A, sa), (nb, B, sb) = load(args.a, cats), load(args.b, cats)
    if na == nb:
        na, nb = f"{na} ({args.a})", f"{nb} ({args.b})"
    heads = [na, nb]

    def group(key):
        acc = defaultdict(lambda: [[0, 0], [0, 0], 0])
        for name in sorted(set(A) | set(B)):
            m = NAME.match(name)
            k = key(m, name) if m else "(other)"
            for i, R in enumerate((A, B)):
                if name in R:
                    acc[k][i][0] += R[name][0]
                    acc[k][i][1] += R[name][1]
            acc[k][2] += 1
        return [(f"{k} ({v[2]} files)", cell(v[0]), cell(v[1])) for k, v in sorted(acc.items())]

    print(table("extractor", group(lambda m, n: m["extractor"]), heads))
    print()
    print(table("origin", group(lambda m, n: m["origin"]), heads))
    print()
    print(table("brief", group(lambda m, n: m["brief"]), heads))
    allA = [sum(v[0] for v in A.values()), sum(v[1] for v in A.values())]
    allB = [sum(v[0] for v in B.values()), sum(v[1] for v in B.values())]
    print()
    print(table("all", [(f"all ({len(set(A) | set(B))} files)", cell(allA), cell(allB))], heads))
    if args.files:
        print()
        rows = []
        for name in sorted(set(A) | set(B)):
            ra, rb = A.get(name), B.get(name)
            ea = "" if not ra or ra[2] in (0, None) else f" exit {ra[2]}"
            eb = "" if not rb or rb[2] in (0, None) else f" exit {rb[2]}"
            rows.append((name, cell(ra) + ea, cell(rb) + eb))
        print(table("file", rows, heads))
    if sa or sb:
        print(f"\n(skipped facts left out: {sa} in {args.a}, {sb} in {args.b})")


if __name__ == "__main__":
    sys.exit(main())
