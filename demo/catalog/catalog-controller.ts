/**
 * Loads what the page shows from the demo backend with two @lit/task tasks: the config (which
 * API, which setup origin) and then the provider catalog, which waits for the config because
 * every card's element needs its setup origin. Each task aborts a superseded run.
 */
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { DemoConfig, DemoProvider } from '../server.js';
import { loadConfig, loadProviders } from './load-catalog.js';

export type CatalogState =
  | { status: 'loading' }
  | { status: 'failed'; error: Error }
  | { status: 'ready'; config: DemoConfig; providers: DemoProvider[] };

export class CatalogController {
  readonly #config: Task<[], DemoConfig>;
  readonly #providers: Task<[DemoConfig | undefined], DemoProvider[]>;

  constructor(host: ReactiveControllerHost) {
    this.#config = new Task(host, {
      task: (_args, { signal }) => loadConfig(signal),
      args: () => [],
    });
    this.#providers = new Task(host, {
      task: ([config], { signal }) => (config ? loadProviders(signal) : initialState),
      args: () => [this.#config.value],
    });
  }

  /** The config once loaded, also while the catalog is failing (the page still names its backend). */
  get config(): DemoConfig | undefined {
    return this.#config.value;
  }

  /** The providers once loaded, otherwise an empty list. */
  get providers(): DemoProvider[] {
    return this.#providers.value ?? [];
  }

  get state(): CatalogState {
    for (const task of [this.#config, this.#providers]) {
      if (task.status === TaskStatus.ERROR) return { status: 'failed', error: asError(task.error) };
    }
    const [config, providers] = [this.#config.value, this.#providers.value];
    if (this.#providers.status === TaskStatus.COMPLETE && config && providers) return { status: 'ready', config, providers };
    return { status: 'loading' };
  }

  /** Runs again whichever load failed (the catalog follows a config that loads). */
  retry(): void {
    void (this.#config.status === TaskStatus.ERROR ? this.#config.run() : this.#providers.run());
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
