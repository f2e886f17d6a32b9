// Rewrites every README code block introduced by `<!-- test/consumers/fixtures/… -->` with that
// file's current content (readme.test.ts fails until this has been run after a fixture changed).
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from './support.js';

const README = `${ROOT}/README.md`;
const synced = readFileSync(README, 'utf8').replace(
  /^<!-- (test\/consumers\/fixtures\/\S+) -->\n```(\w*)\n[\s\S]*?^```$/gm,
  (_block, path: string, lang: string) => `<!-- ${path} -->\n\`\`\`${lang}\n${readFileSync(`${ROOT}/${path}`, 'utf8').replace(/\n?$/, '\n')}\`\`\``,
);
writeFileSync(README, synced);
