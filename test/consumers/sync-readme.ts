// Rewrites every code block of the README and of docs/*.md introduced by
// `<!-- test/consumers/fixtures/… -->` or `<!-- examples/… -->` with that file's current content
// (readme.test.ts fails until this has been run after a fixture changed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from './support.js';

const pages = ['README.md', ...readdirSync(`${ROOT}/docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
for (const page of pages) {
  const path = `${ROOT}/${page}`;
  const synced = readFileSync(path, 'utf8').replace(
    /^<!-- ((?:test\/consumers\/fixtures|examples)\/\S+) -->\n```(\w*)\n[\s\S]*?^```$/gm,
    (_block, source: string, lang: string) => `<!-- ${source} -->\n\`\`\`${lang}\n${readFileSync(`${ROOT}/${source}`, 'utf8').replace(/\n?$/, '\n')}\`\`\``,
  );
  writeFileSync(path, synced);
}
