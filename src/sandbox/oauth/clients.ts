/**
 * OAuth clients the demo provider knows: one per catalog credentials, as if each
 * credentials object were an app registered at the provider. Secrets are random per
 * sandbox instance and never leave the server.
 */
import { CATALOG } from '../catalog.js';
import { randomToken } from '../secure.js';

export interface DemoClient {
  clientId: string;
  clientSecret: string;
  credentialsId: string;
  providerId: string;
  /** Display name on the consent screen. */
  appName: string;
}

export class DemoClients {
  readonly #byClientId = new Map<string, DemoClient>();
  readonly #byCredentials = new Map<string, DemoClient>();

  /** `sharedSecret` fixes every client's secret (tests craft token requests); default random. */
  constructor(sharedSecret?: string) {
    for (const entry of CATALOG) {
      for (const credentials of entry.credentials) {
        const client: DemoClient = {
          clientId: `demo_client_${credentials.id}`,
          clientSecret: sharedSecret ?? `demo_secret_${randomToken(24)}`,
          credentialsId: credentials.id,
          providerId: entry.provider.id,
          appName: typeof credentials.metadata.app_name === 'string' ? credentials.metadata.app_name : credentials.name,
        };
        this.#byClientId.set(client.clientId, client);
        this.#byCredentials.set(credentials.id, client);
      }
    }
  }

  byClientId(clientId: string): DemoClient | undefined {
    return this.#byClientId.get(clientId);
  }

  byCredentials(credentialsId: string): DemoClient | undefined {
    return this.#byCredentials.get(credentialsId);
  }
}
