// Builds the package (see vite.config.ts for the two builds):
// - dist/: ES modules with source maps (Vite, literals minified) + declarations (tsc);
// - dist/cdn/: standalone minified modules for script tags, and the ready-made callback page;
// - custom-elements.json (cem, with paths of the shipped files).
import { createHash } from 'node:crypto';
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
}

/** The ready-made callback page: loads the standalone callback module next to it, and carries
 *  its own Content-Security-Policy (its script from its own origin, its one inline style by
 *  hash, nothing else). */
export function callbackPage(): string {
  const source = readFileSync('src/callback/callback.html', 'utf8');
  const style = /<style>([\s\S]*?)<\/style>/.exec(source)?.[1];
  if (style === undefined) throw new Error('src/callback/callback.html: no <style> to hash');
  const styleHash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
  const csp = `default-src 'none'; script-src 'self'; style-src ${styleHash}; base-uri 'none'; form-action 'none'`;
  return source
    .replace(/src="[^"]*index\.ts"/, 'src="./callback.js"')
    .replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
  console.log('built dist/ and dist/cdn/');
}
