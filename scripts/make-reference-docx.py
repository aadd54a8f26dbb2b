#!/usr/bin/env python3
"""Make a pandoc reference DOCX with a running header and footer (python-docx).

Used by scripts/extract-corpus.sh (never by the test suite) to give the LibreOffice-made PDFs
of tests/fixtures/real the running lines a Word-made brief has.

usage: make-reference-docx.py BASE.docx OUT.docx --header TEXT --footer page-of|dash
                              [--paper a4|letter] [--font NAME] [--size PT]

BASE.docx is pandoc's own (`pandoc -o BASE.docx --print-default-data-file reference.docx`).
--footer page-of prints "Page N of M" (PAGE and NUMPAGES fields), dash prints "– N –".
"""
import argparse

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


def field(par, instr):
    """Append a complex field (PAGE, NUMPAGES) to a paragraph."""
    def fld(kind):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r
    par._p.append(fld("begin"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    par._p.append(r)
    par._p.append(fld("separate"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    par._p.append(r)
    par._p.append(fld("end"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("out")
    ap.add_argument("--header", required=True)
    ap.add_argument("--footer", choices=("page-of", "dash"), default="page-of")
    ap.add_argument("--paper", choices=("a4", "letter"), default="a4")
    ap.add_argument("--font")
    ap.add_argument("--size", type=float)
    a = ap.parse_args()

    doc = Document(a.base)
    for sec in doc.sections:
        if a.paper == "a4":
            sec.page_width, sec.page_height = Mm(210), Mm(297)
        else:
            sec.page_width, sec.page_height = Mm(215.9), Mm(279.4)
        sec.left_margin = sec.right_margin = Mm(25)
        sec.top_margin = sec.bottom_margin = Mm(25)
        sec.header_distance = sec.footer_distance = Mm(12)
        sec.different_first_page_header_footer = False

        h = sec.header
        h.is_linked_to_previous = False
        hp = h.paragraphs[0]
        hp.text = a.header
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in hp.runs:
            r.font.size = Pt(8)

        f = sec.footer
        f.is_linked_to_previous = False
        fp = f.paragraphs[0]
        fp.text = ""
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if a.footer == "page-of":
            fp.add_run("Page ")
            field(fp, "PAGE")
            fp.add_run(" of ")
            field(fp, "NUMPAGES")
        else:
            fp.add_run("– ")
            field(fp, "PAGE")
            fp.add_run(" –")

    if a.font or a.size:
        for st in doc.styles:
            if st.type not in (1, 2):  # paragraph and character styles
                continue
            if "Code" in st.name or "Verbatim" in st.name:
                continue
            if a.font:
                st.font.name = a.font
                rpr = st.element.get_or_add_rPr()
                fonts = rpr.find(qn("w:rFonts"))
                if fonts is None:
                    fonts = OxmlElement("w:rFonts")
                    rpr.insert(0, fonts)
                for k in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(k), a.font)
            if a.size and st.name in ("Normal", "Body Text", "First Paragraph", "Compact"):
                st.font.size = Pt(a.size)
    doc.save(a.out)


if __name__ == "__main__":
    main()
