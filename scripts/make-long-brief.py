#!/usr/bin/env python3
"""Writes a long synthetic authored brief (about 9,000 words, 80 notes) for benchmarks.

Deterministic: the same text every run. Usage: make-long-brief.py OUT [--scale N]
(--scale multiplies the number of sections, for linear-cost measurements)."""
import random
import sys

out = sys.argv[1]
scale = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--scale" else 1
rng = random.Random(20250101)
words = (
    "policy coastal fisheries governance regional cooperation maritime security investment "
    "infrastructure resilience climate adaptation ministry framework agreement capacity "
    "monitoring enforcement community livelihoods evidence assessment strategy partners "
    "budget reform transparency accountability implementation review data trade ports "
    "energy transition finance risk standards institutions dialogue"
).split()


def sentence(n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


note = 0
lines = [
    "---",
    "title: Coastal Governance in a Changing Climate",
    "subtitle: A long synthetic brief for benchmarks",
    "series: Policy Brief",
    "publisher: Harbour Policy Institute",
    "authors: [Ana Ruiz, Lena Berg, Omar Haddad]",
    "date: 2025-06-01",
    "keywords: [fisheries, governance, climate]",
    "---",
    "",
    "## Summary",
    "",
    " ".join(sentence(16) for _ in range(5)),
    "",
]
notes = []
for section in range(8 * scale):
    lines += [f"## Section {section + 1}: {rng.choice(words).title()} and {rng.choice(words).title()}", ""]
    for para in range(9):
        sents = []
        for _ in range(5):
            s = sentence(rng.randint(14, 26))
            if rng.random() < 0.2 and note < 80 * scale:
                note += 1
                s += f"[^n{note}]"
                notes.append(
                    f"[^n{note}]: {sentence(8)} *{rng.choice(words).title()} Review*, "
                    f"https://example.org/reports/{note}/{rng.choice(words)}, {2000 + note % 25}."
                )
            sents.append(s)
        lines += [" ".join(sents), ""]
    if section % 3 == 1:
        lines += ["| Indicator | 2020 | 2025 |", "| --- | ---: | ---: |"]
        lines += [f"| {rng.choice(words).title()} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |" for _ in range(5)]
        lines += [""]
lines += ["## About the Authors", "", "**Ana Ruiz** is a fellow.", "", "**Lena Berg** is an analyst.", "",
          "**Omar Haddad** is a researcher.", "", "© Harbour Policy Institute 2025", ""]
lines += notes
open(out, "w").write("\n".join(lines) + "\n")
print(f"{out}: {sum(len(l.split()) for l in lines)} words, {note} notes", file=sys.stderr)
