#!/usr/bin/env python3
"""Writes a distinct copy of a brief: a variant tag at the end of every paragraph.

Typst's memo cache makes a repeated document nearly free, and an archive has no repeats, so
the batch benchmarks build distinct briefs. Front matter, headings, tables, code and note
definitions' labels are left alone; a paragraph is a run of text
lines ended by a blank line, and only a line of prose (80 characters or more) is tagged.

Usage: make-variant.py SOURCE DEST TAG
"""
import sys


def variant(text: str, tag: str) -> str:
    lines = text.split("\n")
    out = []
    in_front = lines[:1] == ["---"]
    in_code = False
    for i, line in enumerate(lines):
        if in_front:
            out.append(line)
            if i > 0 and line.strip() in ("---", "..."):
                in_front = False
            continue
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        # Prose only: a short line may be a byline, a date or a label the reader recognises.
        ends_paragraph = len(stripped) >= 80 and not nxt
        plain = not stripped.startswith(("#", "|", "```", "~~~", "---", "***", "___", "<", "!["))
        if ends_paragraph and plain and not in_code:
            line = f"{line} ({tag})"
        out.append(line)
    return "\n".join(out)


if __name__ == "__main__":
    src, dest, tag = sys.argv[1:4]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    with open(dest, "w", encoding="utf-8") as f:
        f.write(variant(text, tag))
