import { LitElement } from 'lit';

/**
 * A demo component that renders into itself instead of a shadow root: the page is one
 * document styled by one stylesheet (demo/styles/), and the <metorial-connect> elements stay
 * reachable from `document`, as a host page's own markup would be.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
