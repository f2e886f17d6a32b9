/**
 * The README shows only code that a test compiles or runs: every code block of a language a
 * consumer writes (ts, tsx, js, html, vue, svelte) is introduced by the fixture file it shows,
 * `<!-- test/consumers/fixtures/… -->`, and is that file exactly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROOT } from './support.js';

const CODE = new Set(['ts', 'tsx', 'js', 'jsx', 'html', 'vue', 'svelte', 'mjs']);

describe('README: its snippets are the tested fixtures', () => {
  const lines = readFileSync(`${ROOT}/README.md`, 'utf8').split('\n');
  const blocks: { line: number; lang: string; source?: string; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    assert.ok(end > i, `README.md:${i + 1}: the code block is closed`);
    const marker = /^<!-- (test\/consumers\/fixtures\/\S+) -->$/.exec(lines[i - 1] ?? '');
    blocks.push({ line: i + 1, lang: open[1]!, source: marker?.[1], body: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }

  it('every consumer-code block names its fixture', () => {
    const unnamed = blocks.filter((block) => CODE.has(block.lang) && !block.source).map((b) => `README.md:${b.line} (${b.lang})`);
    assert.deepEqual(unnamed, []);
    assert.ok(blocks.filter((block) => block.source).length >= 12);
  });

  it('each named block is its fixture file, byte for byte', () => {
    for (const block of blocks.filter((b) => b.source)) {
      assert.equal(block.body, readFileSync(`${ROOT}/${block.source}`, 'utf8'), `README.md:${block.line} shows ${block.source} as it is`);
    }
  });
});
