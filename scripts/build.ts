// Builds the package (see vite.config.ts for the two builds):
// - dist/: ES modules with source maps (Vite, literals minified) + declarations (tsc), and the
//   server helper's CommonJS entry dist/server/index.cjs with its declarations index.d.cts;
// - dist/cdn/: standalone minified modules for script tags, and the ready-made callback page;
// - dist/cli/metorial-connect.js: the package's command line (`npx metorial-connect
//   check-endpoint <url>`), one file for Node with nothing but Node's built-ins;
// - custom-elements.json (cem, with paths of the shipped files).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build, type InlineConfig } from 'vite';
import { CDN_ENTRIES, cdnBuildConfig, npmBuildConfig, npmRequireConfig, type CdnEntry } from '../vite.config.js';

export async function buildAll(): Promise<void> {
  rmSync('dist', { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  await build(npmBuildConfig());
  await build(npmRequireConfig());
  writeFileSync('dist/server/index.d.cts', requireDeclarations(readFileSync('dist/server/index.d.ts', 'utf8')));
  for (const name of Object.keys(CDN_ENTRIES) as CdnEntry[]) {
    await build(cdnBuildConfig(name));
  }
  writeFileSync('dist/cdn/callback.html', callbackPage());
  await build(cliBuildConfig());
  // The element's bundle carries Lit (BSD-3-Clause): its notice ships beside it. (The minified
  // files keep no comments; see vite.config.ts.)
  writeFileSync('dist/cdn/THIRD-PARTY-LICENSES.txt', `metorial-connect.js bundles Lit (lit, lit-html, lit-element, @lit/reactive-element):\n\n${readFileSync('node_modules/lit/LICENSE', 'utf8')}`);
}

/** The command line (package.json `bin`): bundled into one file for Node (a server-side build,
 *  so Node's built-ins stay imports), readable and unminified; the entry keeps its `#!`. */
export function cliBuildConfig(): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: 'src/cli/index.ts',
      outDir: 'dist/cli',
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'metorial-connect.js' } },
    },
  };
}

/** The require entry exports what the import entry does (api.js), so it gets index.d.ts's
 *  declarations as index.d.cts. There they are read as CommonJS, so each reference to the ES
 *  declarations beside them says `resolution-mode: import`: without it, TypeScript before 5.8
 *  and `module: node16` refuse a CommonJS file's reference to an ES module. */
export function requireDeclarations(esm: string): string {
  const mode = '{ "resolution-mode": "import" }';
  const cjs = esm
    .replace(/\bimport\("(\.\/[\w.-]+\.js)"\)/g, `import("$1", { with: ${mode} })`)
    .replace(/^(export type \{[^}]*\} from '\.\/[\w.-]+\.js');$/gm, `$1 with ${mode};`);
  const plain = /import\("\.[^"]*"\)|^(?:import|export)\b.* from '\.[^']*';$/m.exec(cjs);
  if (plain) throw new Error(`index.d.cts: a reference without resolution-mode: ${plain[0]}`);
  return cjs;
}

/** The ready-made callback page loads the standalone callback module next to it. */
export function callbackPage(): string {
  return readFileSync('src/callback/callback.html', 'utf8').replace(/src="[^"]*index\.ts"/, 'src="./callback.js"');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildAll();
  console.log('built dist/ and dist/cdn/');
}
