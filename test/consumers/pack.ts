// Step one of `npm run test:consumers`: packs the package exactly as `npm publish` would
// (`prepack` builds it) and unpacks the tarball as the consumer fixtures' own
// `node_modules/metorial-connect`. The fixtures resolve everything else (react, vue, express, …)
// from the repository's node_modules, one level further up: no download per test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { CONSUMERS_DIR, INSTALLED, TARBALL } from './support.js';

rmSync(CONSUMERS_DIR, { recursive: true, force: true });
rmSync(INSTALLED, { recursive: true, force: true });
mkdirSync(CONSUMERS_DIR, { recursive: true });
mkdirSync(INSTALLED, { recursive: true });
// prepack's build log goes to stdout too, so the tarball is found in the folder, not parsed.
execFileSync('npm', ['pack', '--pack-destination', CONSUMERS_DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
const packed = readdirSync(CONSUMERS_DIR).filter((name) => name.endsWith('.tgz'));
if (packed.length !== 1) throw new Error(`expected one tarball in ${CONSUMERS_DIR}, found: ${packed.join(', ')}`);
renameSync(`${CONSUMERS_DIR}/${packed[0]}`, TARBALL);
execFileSync('tar', ['-xzf', TARBALL, '-C', INSTALLED, '--strip-components=1']);
console.log(`packed ${packed[0]} → ${INSTALLED}`);
