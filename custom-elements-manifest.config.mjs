// custom-elements.json for editors, Storybook and framework wrappers: built from the element's JSDoc,
// with every module path naming the shipped file (dist/…/*.js, or the .d.ts of a type-only
// module), not the source it came from. Runs after the build (npm run build).
import { existsSync } from 'node:fs';
import { posix } from 'node:path';

function shipped(path) {
  const js = path.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/$1.js');
  return existsSync(js) ? js : js.replace(/\.js$/, '.d.ts');
}

/** Rewrites every `path` / `module` string of a module's entry, wherever it sits; a relative
 *  one (a re-export, `../types/x.js`) is taken from the module's own folder. */
function rewritePaths(node, modulePath) {
  if (Array.isArray(node)) return node.forEach((item) => rewritePaths(item, modulePath));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string') {
      node[key] = shipped(value.startsWith('.') ? posix.join(posix.dirname(modulePath), value) : value);
    } else rewritePaths(value, modulePath);
  }
}

export default {
  globs: ['src/element/metorial-connect.ts', 'src/element/define.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'drop-generic-emit',
      // The typed emit(type, detail) helper reads to the analyzer as an event named "type";
      // the real events are declared with @fires.
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.events) decl.events = decl.events.filter((event) => event.name !== 'type');
          }
        }
      },
    },
    {
      name: 'shipped-paths',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) rewritePaths(mod, mod.path);
      },
    },
  ],
};
