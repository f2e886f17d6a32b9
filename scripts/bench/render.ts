// Render benchmark: 1,000 idle <metorial-connect> elements against 1,000 bare Lit elements that
// render only a button and a status line, both bundled the same way (the CDN build's Vite config),
// in one run of the system Chromium. Prints the element/bare ratios of render time, time to first
// paint, the main thread's CPU time until that paint (which a busy machine does not inflate), JS
// heap and DOM nodes (shadow roots included); medians of a few alternating rounds.
// BENCH_ROUNDS (default 9) and BENCH_ELEMENTS (default 1000) change the run.
//   npm run bench -- render        (or: npx tsx scripts/bench/render.ts)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../find-chromium.js';
import { CDN_ENTRIES, cdnBuildConfig } from '../../vite.config.js';

const COUNT = Number(process.env.BENCH_ELEMENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

/** The baseline: a Lit element with a button and a status line, nothing else. */
const BARE_ELEMENT = `
  import { LitElement, css, html } from 'lit';
  class BareConnect extends LitElement {
    static properties = { providerId: { attribute: 'provider-id' }, status: { state: true } };
    static styles = css\`
      :host { display: inline-flex; align-items: center; gap: 0.5em; }
    \`;
    constructor() {
      super();
      this.providerId = '';
      this.status = '';
    }
    render() {
      return html\`
        <button part="button" type="button" @click=\${() => (this.status = 'Waiting…')}>Connect</button>
        <p part="status" role="status">\${this.status}</p>
      \`;
    }
  }
  customElements.define('bare-connect', BareConnect);
`;

/** Every node under body, shadow roots and their contents included. A string, so that tsx's
 *  helpers (`__name`) do not end up in code that runs in the page. */
const COUNT_NODES = `(() => {
  let count = 0;
  const walk = (root) => {
    for (let node = root.firstChild; node; node = node.nextSibling) {
      count++;
      if (node.shadowRoot) {
        count++;
        walk(node.shadowRoot);
      }
      walk(node);
    }
  };
  walk(document.body);
  return count;
})()`;

type Kind = 'bare' | 'element';
const TAGS: Record<Kind, string> = { bare: 'bare-connect', element: 'metorial-connect' };

/** Bundles an entry with the CDN build's settings; returns its files by name. */
async function bundle(name: 'metorial-connect', entry?: string): Promise<Map<string, string>> {
  const config = cdnBuildConfig(name);
  config.build!.write = false;
  config.build!.sourcemap = false;
  if (entry) {
    config.build!.lib = { ...(config.build!.lib as object), entry, formats: ['es'], fileName: () => `${name}.js` };
    // The bare element is a virtual module: nothing of it is on disk.
    config.plugins = [
      {
        name: 'bare-element',
        resolveId: (id) => (id.endsWith(entry) ? '\0bare-element' : undefined),
        load: (id) => (id === '\0bare-element' ? BARE_ELEMENT : undefined),
      },
    ];
  }
  const result = (await build(config)) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const files = new Map<string, string>();
  for (const output of [result].flat()) {
    for (const chunk of output.output) if (chunk.type === 'chunk') files.set(chunk.fileName, chunk.code);
  }
  return files;
}

/** One page per measurement: load the bundle, then mount COUNT elements and measure. */
async function measure(browser: Browser, base: string, kind: Kind) {
  const page = await browser.newPage();
  // The element preloads its on-demand chunk (dialog, placeholder) when the browser is idle,
  // which may or may not fall before the CPU and heap readings: not counted, on both sides.
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  await page.goto(`${base}/${kind}/`);
  await page.waitForFunction((tag) => !!customElements.get(tag), TAGS[kind]);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  /** CPU time of the page's main thread so far, in ms: unlike the clock, it does not count
   *  the time another process on the machine held the CPU. */
  await cdp.send('Performance.enable');
  const threadMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((metric) => metric.name === 'ThreadTime')!.value * 1000;
  };
  const heapBefore = await heap();
  // The elements are made (and given their attributes) first, outside what is measured.
  await page.evaluate(
    ({ tag, count }) => {
      const container = document.createElement('div');
      for (let i = 0; i < count; i++) {
        const el = document.createElement(tag);
        el.setAttribute('provider-id', `pro_${i}`);
        el.setAttribute('provider-name', `Provider ${i}`);
        el.setAttribute('endpoint', '/api/connect');
        container.append(el);
      }
      (window as unknown as { container: HTMLElement }).container = container;
    },
    { tag: TAGS[kind], count: COUNT },
  );
  const threadBefore = await threadMs();
  const timing = await page.evaluate(async () => {
    const { container } = window as unknown as { container: HTMLElement };
    const start = performance.now();
    document.body.append(container);
    await Promise.all([...container.children].map((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
    const rendered = performance.now();
    // The frame after rendering: a task posted from rAF runs once that frame was painted.
    await new Promise<void>((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      }),
    );
    return { renderMs: rendered - start, paintMs: performance.now() - start };
  });
  const cpuMs = (await threadMs()) - threadBefore;
  const heapBytes = (await heap()) - heapBefore;
  const nodes = await page.evaluate<number>(COUNT_NODES);
  await page.close();
  return { ...timing, cpuMs, heapBytes, nodes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function main(): Promise<void> {
  const files: Record<Kind, Map<string, string>> = {
    element: await bundle('metorial-connect'),
    bare: await bundle('metorial-connect', 'virtual:bare-element'),
  };
  const entryFile = 'metorial-connect.js';
  // The bare element's bundle is Lit and almost nothing else: the floor of the element's size.
  const gz = (kind: Kind) => `${(gzipSync(files[kind].get(entryFile)!, { level: 9 }).length / 1000).toFixed(2)} kB`;
  console.log(`bundles, min+gzip: bare ${gz('bare')} (Lit, nearly all of it), element ${gz('element')}`);
  const server = http.createServer((request, response) => {
    const [, kind, file] = (request.url ?? '').split('/') as [string, Kind, string];
    const code = files[kind]?.get(file || '');
    if (file === '' && files[kind]) {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><html lang="en"><meta charset="utf-8"><title>${kind}</title><script type="module" src="./${entryFile}"></script><body></body></html>`);
    } else if (code) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(code);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const runs: Record<Kind, Array<Awaited<ReturnType<typeof measure>>>> = { bare: [], element: [] };
    await measure(browser, base, 'bare'); // warm-up: the browser's own first-use costs
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? (['element', 'bare'] as const) : (['bare', 'element'] as const)) {
        runs[kind].push(await measure(browser, base, kind));
      }
    }
    const metrics = [
      ['render', 'renderMs', 'ms'],
      ['first paint', 'paintMs', 'ms'],
      ['CPU to paint', 'cpuMs', 'ms'], // (the page's main thread: not the compositor's or raster's)
      ['JS heap', 'heapBytes', 'kB'],
      ['DOM nodes', 'nodes', ''],
    ] as const;
    console.log(`${COUNT} idle elements, median of ${ROUNDS} rounds (${CDN_ENTRIES['metorial-connect']} vs a bare Lit button + status)`);
    // The ratio is the median of each round's element/bare pair, measured back to back: a
    // machine busy for a while slows both sides of a pair, not one side of the medians.
    console.log('metric          bare       element     ratio    (bare, element: medians; ratio: median of the pairs)');
    for (const [label, key, unit] of metrics) {
      const scale = unit === 'kB' ? 1 / 1024 : 1;
      const bare = median(runs.bare.map((r) => r[key])) * scale;
      const element = median(runs.element.map((r) => r[key])) * scale;
      const ratio = median(runs.element.map((r, round) => r[key] / runs.bare[round]![key]));
      const show = (v: number) => `${v.toFixed(unit === '' ? 0 : 1)} ${unit}`.trim().padStart(10);
      console.log(`${label.padEnd(12)} ${show(bare)} ${show(element)}   ${ratio.toFixed(2)}×`);
    }
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
