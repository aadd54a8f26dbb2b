#!/usr/bin/env python3
"""Review aid for tests/fixtures/real/origins.json (not used by tests): list the SOURCE paragraphs
that a PDF splits across a page break, with the words that end one page and start the next.

usage: page-break-sentences.py SOURCE.md PDF...

The PDF's pages come from `pdftotext` (form feeds); a paragraph (or list item) of the source is reported when no
single page holds it but its opening words end a page and its closing words start a later one.
The rejoined phrases in origins.json were chosen by eye from this list and the PDFs, and copied
from the source.
"""
import re
import subprocess
import sys

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00ad": None})


def norm(s):
    s = s.translate(QUOTES)
    s = re.sub(r"(?<=\w)[-\u2010]\s*\n\s*(?=\w)", "", s)  # line-end hyphens, and (both sides alike)
    s = re.sub(r"(?<=\w)[-\u2010](?=\w)", "", s)          # every compound's hyphen
    return re.sub(r"\s+", " ", s).strip()


def sentences(md):
    body = md.split("\n---\n", 1)[1]
    body = re.sub(r"^\[\^\d+\]:.*$", "", body, flags=re.M)
    body = re.sub(r"\[\^\d+\]", "", body)
    body = re.sub(r"[*_]{1,2}", "", body)
    out = []
    for par in re.split(r"\n\s*\n|\n(?=- |\d+\. )", body):  # paragraphs, and list items one by one
        par = re.sub(r"^(?:#+|-|\d+\.)\s+", "", par.strip(), flags=re.M)
        if par.startswith("|"):
            continue
        if len(norm(par).split()) >= 6:
            out.append(norm(par))
    return out


def main():
    md = open(sys.argv[1], encoding="utf-8").read()
    sents = sentences(md)
    for pdf in sys.argv[2:]:
        raw = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        # note marks glued to the text ("funded.1", "flood. 4") are not part of the sentence
        pages = [re.sub(r"(?<=[^\W\d_][.,;:]) ?\d{1,2}\b|(?<=[^\W\d_])\d{1,2}\b|\[\d{1,2}\]", "", norm(p)) for p in raw.split("\f")]
        print(f"== {pdf}: {len(pages) - 1} pages")
        for s in sents:
            if any(s in p for p in pages):
                continue
            w = s.split()
            for i in range(len(pages) - 1):
                # the sentence's opening words on page i, the rest on page i+1
                hit = next((k for k in range(len(w) - 1, 2, -1)
                            if " ".join(w[max(0, k - 8):k]) in pages[i]
                            and " ".join(w[k:k + 8]) in pages[i + 1]
                            and " ".join(w[:k]) in pages[i]), None)
                if hit:
                    k = hit
                    print(f"  p{i + 1}→p{i + 2}: …{' '.join(w[max(0, k - 6):k])} ‖ {' '.join(w[k:k + 6])}…")
                    break


if __name__ == "__main__":
    main()
