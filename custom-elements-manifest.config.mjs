// custom-elements.json for editors, Storybook and framework wrappers: built from the element's JSDoc.
export default {
  globs: ['src/element/metorial-connect.ts'],
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
  ],
};
