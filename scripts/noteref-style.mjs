// Asks a real Chromium how each HTML page sets its note references: for every
// `a[role="doc-noteref"]` that follows text in a paragraph, the computed font family and
// weight of the reference and of its paragraph, the reference's raised baseline and size
// against the paragraph's, and the gap in CSS pixels between the end of the text before it
// and the reference's first glyph; and the computed colour of every heading in the text
// (h2–h6) beside the theme's accent (`--bp-accent`, as a computed colour); and the width of
// every figure's image beside its figure's content box. Prints one JSON report on stdout:
// [{ file, refs: [{ family, weight, parFamily, parWeight, size, parSize, raise, gap, before }],
// accent, headings: [{ tag, color }], figures: [{ img, box }], roles: { title, author,
// publisher, summary, summaryLabel: { family, weight, transform, color, borderTop, … } } }].
// The pages may be the HTML page or an EPUB's unpacked XHTML documents.
// tests/it/fonts.rs drives it; this script only measures.
//
// Usage: node scripts/noteref-style.mjs PAGE.html...
// Environment: BRIEFPRESS_A11Y_NODE_MODULES (puppeteer-core) and BRIEFPRESS_CHROMIUM,
// both printed by scripts/install-validators.sh.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.env.BRIEFPRESS_A11Y_NODE_MODULES;
const chromium = process.env.BRIEFPRESS_CHROMIUM;
if (!modules || !chromium) {
  console.error('noteref-style.mjs: set BRIEFPRESS_A11Y_NODE_MODULES and BRIEFPRESS_CHROMIUM');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'noop.js'));
const puppeteer = require('puppeteer-core');
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu'],
});
const report = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 1400 });
  for (const file of process.argv.slice(2)) {
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const refs = await page.evaluate(() => {
      const out = [];
      for (const a of document.querySelectorAll('p a[role="doc-noteref"]')) {
        const sup = a.closest('sup') ?? a;
        const before = sup.previousSibling;
        if (!before || before.nodeType !== Node.TEXT_NODE || before.data.length === 0) continue;
        if (/\s$/.test(before.data)) continue;
        const range = document.createRange();
        range.setStart(before, before.data.length - 1);
        range.setEnd(before, before.data.length);
        const prev = range.getBoundingClientRect();
        const glyph = document.createRange();
        glyph.selectNodeContents(a);
        const mark = glyph.getBoundingClientRect();
        const s = getComputedStyle(a);
        const p = getComputedStyle(a.closest('p'));
        out.push({
          family: s.fontFamily,
          weight: s.fontWeight,
          parFamily: p.fontFamily,
          parWeight: p.fontWeight,
          size: parseFloat(s.fontSize),
          parSize: parseFloat(p.fontSize),
          raise: prev.bottom - mark.bottom,
          // A full-size number's opening bracket (`none` when there is none).
          before: getComputedStyle(a, '::before').content,
          // From the reference's content box, where a full-size number's bracket (`::before`)
          // starts; padding counts as gap.
          gap: a.getBoundingClientRect().left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth) - prev.right,
        });
      }
      return out;
    });
    const colours = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--bp-accent)';
      document.body.appendChild(probe);
      const accent = getComputedStyle(probe).color;
      probe.remove();
      const headings = [...document.querySelectorAll('h2, h3, h4, h5, h6')].map((h) => ({
        tag: h.tagName.toLowerCase(),
        color: getComputedStyle(h).color,
      }));
      const figures = [...document.querySelectorAll('figure img')].map((img) => {
        const fig = img.closest('figure');
        const st = getComputedStyle(fig);
        const box = fig.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
        return { img: img.getBoundingClientRect().width, box };
      });
      // The elements each format draws (the page's classes, or the e-book's `bp-` ones): the
      // title, a byline name, the publisher, the summary and its label.
      const role = (selector) => {
        const e = document.querySelector(selector);
        if (!e) return null;
        const st = getComputedStyle(e);
        return {
          family: st.fontFamily,
          weight: st.fontWeight,
          transform: st.textTransform,
          color: st.color,
          borderTop: parseFloat(st.borderTopWidth),
          borderBottom: parseFloat(st.borderBottomWidth),
          borderLeft: parseFloat(st.borderLeftWidth),
        };
      };
      const roles = {
        title: role('.title-block h1, h1.bp-title, .bp-title'),
        author: role('.byline .author, .bp-author'),
        publisher: role('.publisher, .bp-publisher'),
        summary: role('.summary, .bp-summary'),
        summaryLabel: role('.summary > h2, .bp-summary h2'),
      };
      return { accent, headings, figures, roles };
    });
    report.push({ file, refs, ...colours });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
