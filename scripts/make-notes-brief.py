#!/usr/bin/env python3
"""Writes a synthetic *extracted* brief with N notes, for measuring that reading stays linear.

It has what the extracted reader works hardest on: a title page, a page break after every
paragraph with a running footer ("N | Policy Brief No. 7 · 2024") and the page's notes below
the break as `<sup>N</sup>` definitions. Deterministic. Usage: make-notes-brief.py N OUT"""
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20241203)
words = (
    "water policy basin farmers treaty energy grid storage market price credit soil carbon "
    "port trade ministry budget reform data standards finance risk dialogue"
).split()


def phrase(k):
    s = " ".join(rng.choice(words) for _ in range(k))
    return s[0].upper() + s[1:]


lines = ["# Test Institute", "", "*Policy Brief*", "", "# A Long Extracted Brief", "",
         "*Ana Lima and Bo Chen*", "", "3 September 2024", "", "## Summary", "",
         phrase(40) + ".", ""]
note, page = 1, 1
while note <= n:
    lines += ["## " + phrase(3), ""]
    for _ in range(3):
        refs = []
        sentences = []
        for _ in range(4):
            sentences.append(f"{phrase(12)}.<sup>{note}</sup>")
            refs.append(note)
            note += 1
        lines += [" ".join(sentences), "", f"{page} | Policy Brief No. 7 · 2024", "", "---", ""]
        lines += [x for r in refs for x in (f"<sup>{r}</sup> {phrase(5)}, {phrase(2)}, 2020.", "")]
        page += 1
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
