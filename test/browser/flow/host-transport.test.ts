import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow } from '../../../src/flow/index.js';

describe("flow engine: a host's own createSession / getSession", () => {
  afterEach(() => sinon.restore());

  it("a host transport's own error is not passed through: a stable code, none of its internals", async () => {
    const axiosLike = { code: 'ERR_BAD_RESPONSE', message: 'Request failed with status code 500', config: { headers: { Authorization: 'Bearer host_token' } } };
    const flow = startConnectFlow({
      providerId: 'pro_github',
      uiMode: 'redirect',
      navigate: () => {},
      createSession: async () => {
        throw axiosLike;
      },
      getSession: async () => ({}),
    });
    const outcome = await flow.done;
    expect(outcome.status).to.equal('failed');
    const error = outcome.status === 'failed' ? outcome.error : undefined;
    expect(error?.code).to.equal('backend_error');
    expect(JSON.stringify(error)).to.not.contain('host_token');
  });
});
