// Builds the package: tsc output (ES modules + declarations) for npm consumers and bundlers,
// then one standalone minified module per browser entry in dist/cdn/ for script tags.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { CDN_ENTRIES, cdnBuildConfig, type CdnEntry } from '../vite.config.js';

export async function buildAll(): Promise<void> {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  for (const name of Object.keys(CDN_ENTRIES) as CdnEntry[]) {
    await build(cdnBuildConfig(name));
  }
  // The ready-made callback page loads the standalone callback module next to it.
  const page = readFileSync('src/callback/callback.html', 'utf8').replace(/src="[^"]*index\.ts"/, 'src="./callback.js"');
  writeFileSync('dist/cdn/callback.html', page);
  copyFileSync('dist/cdn/callback.html', 'dist/callback/callback.html');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
  console.log('built dist/ and dist/cdn/');
}
