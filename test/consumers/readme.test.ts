/**
 * The README and every page under docs/ show only code that a test compiles or runs: every code
 * block of a language a consumer writes (ts, tsx, js, html, vue, svelte, py, …) is introduced by
 * the file it shows, `<!-- test/consumers/fixtures/… -->` or `<!-- examples/… -->`, and is that
 * file exactly. Links between the pages point at files that exist.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './support.js';

const CODE = new Set(['ts', 'tsx', 'js', 'jsx', 'html', 'vue', 'svelte', 'mjs', 'cjs', 'py', 'python']);
const PAGES = ['README.md', ...readdirSync(`${ROOT}/docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

interface Block {
  at: string;
  lang: string;
  source?: string;
  body: string;
}

function blocksOf(page: string): Block[] {
  const lines = readFileSync(`${ROOT}/${page}`, 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    assert.ok(end > i, `${page}:${i + 1}: the code block is closed`);
    const marker = /^<!-- ((?:test\/consumers\/fixtures|examples)\/\S+) -->$/.exec(lines[i - 1] ?? '');
    blocks.push({ at: `${page}:${i + 1}`, lang: open[1]!, source: marker?.[1], body: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

describe('README and docs/: their snippets are the tested fixtures', () => {
  const blocks = PAGES.flatMap(blocksOf);

  it('every consumer-code block names its fixture', () => {
    const unnamed = blocks.filter((block) => CODE.has(block.lang) && !block.source).map((b) => `${b.at} (${b.lang})`);
    assert.deepEqual(unnamed, []);
    assert.ok(blocks.filter((block) => block.source).length >= 12);
  });

  it('each named block is its fixture file, byte for byte', () => {
    for (const block of blocks.filter((b) => b.source)) {
      assert.equal(block.body, readFileSync(`${ROOT}/${block.source}`, 'utf8'), `${block.at} shows ${block.source} as it is`);
    }
  });

  it('the README stays a front door (at most ~200 lines) and links every docs page', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
    assert.ok(readme.split('\n').length <= 210, `README.md has ${readme.split('\n').length} lines`);
    const unlinked = PAGES.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page}`));
    assert.deepEqual(unlinked, []);
  });

  it('relative links point at files that exist', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      const text = readFileSync(`${ROOT}/${page}`, 'utf8');
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#|mailto:)[^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (!existsSync(join(ROOT, dirname(page), target!))) broken.push(`${page} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
