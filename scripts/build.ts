// Builds the package (see vite.config.ts for the two builds):
// - dist/: ES modules with source maps (Vite, literals minified) + declarations (tsc);
// - dist/cdn/: standalone minified modules for script tags, and the ready-made callback page;
// - custom-elements.json (cem, with paths of the shipped files).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { CDN_ENTRIES, cdnBuildConfig, npmBuildConfig, type CdnEntry } from '../vite.config.js';

export async function buildAll(): Promise<void> {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await build(npmBuildConfig());
  for (const name of Object.keys(CDN_ENTRIES) as CdnEntry[]) {
    await build(cdnBuildConfig(name));
  }
  writeFileSync('dist/cdn/callback.html', callbackPage());
  // The element's bundle carries Lit (BSD-3-Clause): its notice ships beside it. (The minified
  // files keep no comments; see vite.config.ts.)
  writeFileSync('dist/cdn/THIRD-PARTY-LICENSES.txt', `metorial-connect.js bundles Lit (lit, lit-html, lit-element, @lit/reactive-element):\n\n${readFileSync('node_modules/lit/LICENSE', 'utf8')}`);
}

/** The ready-made callback page loads the standalone callback module next to it. */
export function callbackPage(): string {
  return readFileSync('src/callback/callback.html', 'utf8').replace(/src="[^"]*index\.ts"/, 'src="./callback.js"');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
  console.log('built dist/ and dist/cdn/');
}
