/** Lets a component read the demo store and re-render whenever it changes. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { demoStore, type DemoStore } from './store.js';

export class StoreController implements ReactiveController {
  #unsubscribe?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: DemoStore = demoStore,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
  }
}
