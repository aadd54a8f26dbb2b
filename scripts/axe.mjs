// Runs axe-core in a real Chromium on HTML pages, in the light and the dark colour scheme, and
// prints one JSON report on stdout: [{ file, scheme, violations: [{ id, impact, help, nodes:
// [{ target, summary }] }] }]. The integration tests (tests/it/a11y.rs) drive it and fail on any
// violation; this script only measures. One browser serves every page, so a batch is fast.
//
// Usage: node scripts/axe.mjs PAGE.html...
// Environment: BRIEFPRESS_A11Y_NODE_MODULES (the node_modules with axe-core and puppeteer-core)
// and BRIEFPRESS_CHROMIUM (the browser), both printed by scripts/install-validators.sh.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const modules = process.env.BRIEFPRESS_A11Y_NODE_MODULES;
const chromium = process.env.BRIEFPRESS_CHROMIUM;
if (!modules || !chromium) {
  console.error('axe.mjs: set BRIEFPRESS_A11Y_NODE_MODULES and BRIEFPRESS_CHROMIUM (scripts/install-validators.sh prints them)');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'noop.js'));
const puppeteer = require('puppeteer-core');
const axePath = require.resolve('axe-core/axe.min.js');

const pages = process.argv.slice(2);
if (pages.length === 0) {
  console.error('axe.mjs: no pages given');
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu'],
});
const report = [];
try {
  const page = await browser.newPage();
  for (const file of pages) {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
      // The pages carry no script of their own: axe is injected after load.
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(async () => {
        // Every rule axe has (best practices too), not only the WCAG-tagged ones.
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return {
          scheme: window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
          })),
          axeVersion: window.axe.version,
        };
      });
      if (result.scheme !== scheme) {
        throw new Error(`${file}: asked for the ${scheme} scheme, the page saw ${result.scheme}`);
      }
      report.push({ file, ...result });
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
