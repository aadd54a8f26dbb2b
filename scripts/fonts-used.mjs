// Asks a real Chromium which fonts it draws each HTML page's text with (DevTools:
// CSS.getPlatformFontsForNode, for every element that holds text, in screen and print media)
// and prints one JSON report on stdout: [{ file, media, fonts: [{ family, custom, glyphs }] }].
// `custom` is true for a web font (@font-face), false for a font of the machine's.
// tests/it/html.rs drives it; this script only measures.
//
// Usage: node scripts/fonts-used.mjs PAGE.html...
// Environment: BRIEFPRESS_A11Y_NODE_MODULES (puppeteer-core) and BRIEFPRESS_CHROMIUM,
// both printed by scripts/install-validators.sh.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.env.BRIEFPRESS_A11Y_NODE_MODULES;
const chromium = process.env.BRIEFPRESS_CHROMIUM;
if (!modules || !chromium) {
  console.error('fonts-used.mjs: set BRIEFPRESS_A11Y_NODE_MODULES and BRIEFPRESS_CHROMIUM');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'noop.js'));
const puppeteer = require('puppeteer-core');
const pages = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu'],
});
const report = [];
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  for (const file of pages) {
    for (const media of ['screen', 'print']) {
      await page.emulateMediaType(media);
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'body, body *' });
      const used = new Map();
      for (const nodeId of nodeIds) {
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        for (const f of fonts) {
          const key = `${f.familyName}\u0000${f.isCustomFont}`;
          const prev = used.get(key) ?? { family: f.familyName, custom: f.isCustomFont, glyphs: 0 };
          prev.glyphs += f.glyphCount;
          used.set(key, prev);
        }
      }
      report.push({ file, media, fonts: [...used.values()] });
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
