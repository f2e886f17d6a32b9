/** What only a running flow shows, loaded on demand (views-loader.ts): the popup's
 *  placeholder page and the in-page dialog. */
export { openDialog } from './dialog.js';
export { writePlaceholder } from './placeholder.js';
