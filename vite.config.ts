// Builds the browser entry points as standalone, minified ES modules for a <script type="module">
// tag (dist/cdn/). Each entry is built on its own so that every file is self-contained: the element
// bundle carries Lit and the engine, the headless engine and the callback carry nothing else.
// npm consumers get the unbundled tsc output in dist/ instead (see scripts/build.ts).
import { defineConfig, type InlineConfig } from 'vite';

export const CDN_ENTRIES = {
  'metorial-connect': 'src/element/define.ts',
  flow: 'src/flow/index.ts',
  callback: 'src/callback/index.ts',
} as const;

export type CdnEntry = keyof typeof CDN_ENTRIES;

export function cdnBuildConfig(name: CdnEntry): InlineConfig {
  return {
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      // Vite leaves whitespace in ES library output; these files are shipped as-is to script
      // tags, so minify fully at the bundler's output stage.
      rolldownOptions: { output: { minify: true } },
      lib: { entry: CDN_ENTRIES[name], formats: ['es'], fileName: () => `${name}.js` },
    },
  };
}

export default defineConfig(cdnBuildConfig('metorial-connect'));
