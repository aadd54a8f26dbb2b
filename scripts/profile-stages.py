#!/usr/bin/env python3
"""Where a build's CPU time goes, stage by stage, from `perf script` output.

Usage: perf record -e cpu-clock -F 400 --call-graph dwarf,8192 -o perf.data briefpress build ...
       perf script --no-inline -i perf.data -F ip,sym > stacks.txt
       python3 scripts/profile-stages.py stacks.txt

Each sample is charged to the first frame, walking from the leaf towards the root, that names
a stage (so time in malloc, memset or deflate counts for the stage that called it). DWARF
unwinding of a release build stops after 8 KiB of stack, so the root end of deep stacks can be
missing; the leaf end, which decides the stage, is not. `scripts/profile.sh` runs all of it.
"""
import re,collections,sys
path=sys.argv[1] if len(sys.argv)>1 else '/tmp/perf.new.txt'
stacks=[]; cur=[]
for line in open(path):
    line=line.rstrip('\n')
    if not line.strip():
        if cur: stacks.append(cur); cur=[]
        continue
    parts=line.strip().split(None,1)
    cur.append(parts[1] if len(parts)>1 else '?')
if cur: stacks.append(cur)
stages=[
 ("cover: PNG encoding", r"png::|encode_png"),
 ("cover: drawing page 1 (typst-render)", r"typst_render|tiny_skia|pixglyph|render_cover_png"),
 ("fonts: WOFF2 (brotli)", r"woff2|brotli|Brotli|woofwoof"),
 ("fonts: subsetting (HarfBuzz)", r"hb_subset|hb_|OT::|CFF::|graph::|cff1|_populate_gids|fonts::select"),
 ("fonts: which characters each face draws", r"font_usage|fonts::scan|fonts::usage|shared_faces"),
 ("EPUB: archive (epub-builder, zip, deflate)", r"epub_builder|zip::|archive::|make_reproducible|Book::|epub::prepare|epub::package|Unfinished"),
 ("page starts (PDF lines found in the flow)", r"page_lines|pages::mark|mark_pages|lines::collect"),
 ("PDF export (typst-pdf, krilla)", r"krilla|typst_pdf|pdf::export|subsetter"),
 ("layout (Typst: eval, styles, layout, shaping)", r"typst|comemo|hypher|rustybuzz|ttf_parser|icu_|unicode_|pdf::lay_out|pdf::fonts_for|pdf::data::"),
 ("HTML page", r"html::write|html::page|markup::"),
 ("reading and model passes", r"briefpress::read|briefpress::transform|comrak|briefpress::parse|read_brief"),
 ("start-up (loader, font index, theme)", r"_dl_|dl_main|^_start$|lang_start|warm_up|FontSet::load|FontInfo|theme::"),
 # A stack cut short by the unwinder's 8 KiB (only thread start-up frames left).
 ("other (stack cut short)", r"^<std::sys::thread::.*thread_start$|^start_thread$|^clone3$"),
 ("writing files", r"atomic|write_atomic"),
]
agg=collections.Counter(); unk=collections.Counter()
# The cover's PNG encoder is inlined into `render_cover_png`, so its deflate frames are told
# apart from the PDF's and the archive's by that caller.
def cover_png(st):
    return any(re.search(r"zlib_rs|flate2|adler|crc32", fr) for fr in st[:3]) and any(
        "render_cover_png" in fr for fr in st)
for st in stacks:
    if cover_png(st):
        agg["cover: PNG encoding"]+=1
        continue
    for fr in st:
        hit=None
        for name,pat in stages:
            if re.search(pat,fr): hit=name; break
        if hit: agg[hit]+=1; break
    else:
        agg["other"]+=1; unk[st[0][:80]]+=1
n=len(stacks)
for k,v in agg.most_common(): print(f"{100*v/n:5.1f}%  {k}")
print("samples",n)
for k,v in unk.most_common(4): print("   other:",v,k)
