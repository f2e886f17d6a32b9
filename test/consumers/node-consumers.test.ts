/**
 * TypeScript and Node consumers of the packed package: strict type-checking of every entry
 * point and of the README's TypeScript snippets (moduleResolution bundler and nodenext, and
 * `metorial-connect/element` alone), `require()` of the server helper from CommonJS TypeScript
 * (nodenext, and node16, which has no require(esm)), the Vue and Svelte components with their
 * typings (vue-tsc, svelte-check), the Angular component under strict templates (the compiler's
 * API), plain Node importing every entry, and @lit-labs/ssr rendering the element.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import type ts from 'typescript';
import { promisify, stripVTControlCharacters } from 'node:util';
import { FIXTURES, ROOT, assertPacked } from './support.js';

const run = promisify(execFile);

/** The part of @angular/compiler-cli used here. (Its declarations are written for
 *  `moduleResolution: bundler`, which this repository's NodeNext check cannot read.) */
interface AngularCompilerApi {
  readConfiguration(project: string): { rootNames: string[]; options: ts.CompilerOptions };
  createCompilerHost(input: { options: ts.CompilerOptions }): ts.CompilerHost;
  performCompilation(input: { rootNames: string[]; options: ts.CompilerOptions; host: ts.CompilerHost }): { diagnostics: readonly ts.Diagnostic[] };
  formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string;
}

describe('consumers: TypeScript strict and Node, from the tarball', () => {
  assertPacked();

  for (const program of ['nodenext', 'bundler', 'element-only']) {
    it(`tsc --strict, ${program}: every entry point and README snippet type-checks`, async () => {
      const tsc = run(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', `${FIXTURES}/ts/tsconfig.${program}.json`]);
      await tsc.catch((error: { stdout: string }) => assert.fail(`tsc (${program}):\n${error.stdout}`));
    });
  }

  it('tsc --strict, node16: CommonJS TypeScript requires the server helper, typed (no require(esm) in that mode)', async () => {
    await run(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', `${FIXTURES}/ts/tsconfig.node16-require.json`]).catch(
      (error: { stdout: string }) => assert.fail(`tsc (node16-require):\n${error.stdout}`),
    );
  });

  it('vue-tsc: the Vue component type-checks with the GlobalComponents declaration (typed $event)', async () => {
    await run(`${ROOT}/node_modules/.bin/vue-tsc`, ['-p', `${FIXTURES}/vue/tsconfig.json`]).catch((error: { stdout: string }) =>
      assert.fail(`vue-tsc:\n${error.stdout}`),
    );
  });

  it('svelte-check: the Svelte component type-checks with the SvelteHTMLElements declaration (typed event)', async () => {
    await run(`${ROOT}/node_modules/.bin/svelte-check`, ['--tsconfig', `${FIXTURES}/svelte/tsconfig.json`, '--fail-on-warnings', '--output', 'machine'], {
      cwd: `${FIXTURES}/svelte`,
    }).catch((error: { stdout: string }) => assert.fail(`svelte-check:\n${error.stdout}`));
  });

  it('Angular strict templates: the component type-checks, and `$event` of (connected) is a ConnectedEvent', async () => {
    const { createCompilerHost, formatDiagnostics, performCompilation, readConfiguration } = (await import('@angular/compiler-cli')) as unknown as AngularCompilerApi;
    const { rootNames, options } = readConfiguration(`${FIXTURES}/angular/tsconfig.json`);
    assert.equal(options['strictTemplates'], true);
    const component = `${FIXTURES}/angular/connect-github.component.ts`;
    /** Compiles the fixture (no output) with the component's source changed by `edit`. */
    const check = (edit: (source: string) => string) => {
      const host = createCompilerHost({ options: { ...options, noEmit: true } });
      const readFile = host.readFile.bind(host);
      host.readFile = (fileName) => (fileName === component ? edit(readFile(fileName)!) : readFile(fileName));
      return stripVTControlCharacters(formatDiagnostics(performCompilation({ rootNames, options: { ...options, noEmit: true }, host }).diagnostics));
    };
    assert.equal(check((source) => source), '', 'the fixture compiles without a diagnostic');
    // A handler typed for another event is refused: the template's `$event` is typed, not `Event` or `any`.
    const wrong = check((source) => source.replace('onConnected(event: ConnectedEvent)', 'onConnected(event: FailedEvent)').replace('this.connected.set(event.detail)', 'void event'));
    assert.match(wrong, /TS2345: Argument of type 'ConnectedEvent' is not assignable to parameter of type 'FailedEvent'/);
  });

  it('plain Node imports every entry point without throwing (no DOM, no shim)', async () => {
    const entries = ['metorial-connect', 'metorial-connect/element', 'metorial-connect/flow', 'metorial-connect/callback', 'metorial-connect/server', 'metorial-connect/react'];
    const script = `for (const e of ${JSON.stringify(entries)}) await import(e); console.log(Object.keys(await import('metorial-connect/server')).join())`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: FIXTURES });
    assert.match(stdout, /createConnectHandler/);
  });

  it('@lit-labs/ssr renders the element to declarative shadow DOM with its button', async () => {
    const { renderConnectButton } = await import(`${FIXTURES}/ssr/render.ts`);
    const markup: string = await renderConnectButton('pro_0mfkzfzfsjRaTvm3fsHseX');
    assert.match(markup, /<metorial-connect[^>]*provider-id="pro_0mfkzfzfsjRaTvm3fsHseX"/);
    assert.match(markup, /<template shadowroot(mode)?="open"/);
    assert.match(markup, /<button part="button"[^>]*>/);
    const disabledButton = /<button part="button"[^>]*\sdisabled[\s=>]/; // (not aria-disabled)
    assert.doesNotMatch(markup, disabledButton);
    assert.match(markup, /Connect/);
    // No `updated()` runs on the server: a disabled element's button is disabled in the markup.
    const disabled: string = await renderConnectButton('pro_0mfkzfzfsjRaTvm3fsHseX', { disabled: true });
    assert.match(disabled, disabledButton);
  });
});
