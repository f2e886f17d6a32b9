// The package's two builds, both through Vite (Rolldown) so that both get the same transforms:
// - npm: `dist/` — one ES module per source module (readable, unminified, with source maps that
//   carry their sources), for bundlers and Node; lit and the server's peers stay imports; plus
//   `dist/server/index.cjs`, the server helper's `require` entry (a shim over the same modules);
// - cdn: `dist/cdn/` — one standalone, minified ES module per browser entry for a
//   `<script type="module">` tag: the element bundle carries Lit and the engine, the headless
//   engine and the callback carry nothing else.
// In both, the CSS and HTML inside Lit's css`` / html`` templates is minified (minifyLiterals):
// the source keeps them readable, bytes are the build's job.
import { minifyHTMLLiterals } from 'minify-literals';
import { defineConfig, type InlineConfig, type Plugin } from 'vite';

/** Browser entries of the CDN build. */
export const CDN_ENTRIES = {
  'metorial-connect': 'src/element/define.ts',
  flow: 'src/flow/index.ts',
  callback: 'src/callback/index.ts',
} as const;

export type CdnEntry = keyof typeof CDN_ENTRIES;

/** Entries of the npm build, by their path under dist/ (see package.json `exports`). */
export const NPM_ENTRIES = [
  'src/element/define.ts',
  'src/element/metorial-connect.ts',
  'src/flow/index.ts',
  'src/callback/index.ts',
  'src/server/index.ts',
  'src/react/index.ts',
] as const;

/** Minifies the markup and styles of tagged template literals (html``, svg``, css``) in our
 *  own sources, before TypeScript is stripped; the source map follows. */
export function minifyLiterals(): Plugin {
  return {
    name: 'metorial-connect:minify-literals',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|svg|css)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id });
      return result && { code: result.code, map: result.map?.toString() ?? null };
    },
  };
}

export function cdnBuildConfig(name: CdnEntry): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [minifyLiterals()],
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: false,
      target: 'es2022',
      // Two minifiers, one after the other: Terser (two compress passes) on each chunk, then
      // Rolldown's own at the output stage (Vite leaves whitespace in ES library output; these
      // files are shipped as-is to script tags). Together they are 88 B (element), 61 B
      // (engine) smaller gzipped than Rolldown's alone; Terser alone is larger than either.
      // No bundler reads these files after us: `/* @__PURE__ */` annotations are bytes for
      // nothing. (Lit's licence ships beside them, in THIRD-PARTY-LICENSES.txt.)
      minify: 'terser',
      terserOptions: { compress: { passes: 2 }, format: { comments: false } },
      sourcemap: true,
      reportCompressedSize: false,
      rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
      lib: { entry: CDN_ENTRIES[name], formats: ['es'], fileName: () => `${name}.js` },
    },
  };
}

/** Everything a consumer installs beside us (or Node has built in) stays an import. */
const EXTERNAL = /^(lit|@lit\/|@lit-labs\/|hono|@hono\/|zod|react|node:)/;

/** package.json's `sideEffects` names files in dist/; read against src/ it would let the npm
 *  build drop `import './define.js'` (the registration). Here every module keeps its imports. */
function keepSideEffects(): Plugin {
  return {
    name: 'metorial-connect:keep-side-effects',
    transform: (code, id) => (/\/src\//.test(id) ? { code, map: null, moduleSideEffects: true } : null),
  };
}

export function npmBuildConfig(): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    plugins: [minifyLiterals(), keepSideEffects()],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: { entry: [...NPM_ENTRIES], formats: ['es'] },
      rolldownOptions: {
        external: (id) => EXTERNAL.test(id),
        // `metorial-connect/react` starts with 'use client' (a Next.js client boundary). Each
        // module stays its own file here, so the directive is kept: the warning does not apply.
        onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id?.endsWith('/src/react/index.ts') ? undefined : handler(level, log)),
        output: {
          preserveModules: true,
          preserveModulesRoot: 'src',
          // The compiler's decorator helper is a virtual module; give it a plain name.
          entryFileNames: (chunk) => (chunk.name.includes('decorate') ? 'element/decorate.js' : '[name].js'),
        },
      },
    },
  };
}

/** `require('metorial-connect/server')`: src/server/index.cts as CommonJS beside the ES
 *  modules. Its requires of api.js and peers.js stay requires (Node's require(esm) loads them),
 *  so CommonJS and ESM consumers share one copy of the helper. */
export function npmRequireConfig(): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: 'dist/server',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      lib: { entry: 'src/server/index.cts', formats: ['cjs'], fileName: () => 'index.cjs' },
      rolldownOptions: { external: (id) => /^\.\/(api|peers)\.js$/.test(id) },
    },
  };
}

export default defineConfig(cdnBuildConfig('metorial-connect'));
