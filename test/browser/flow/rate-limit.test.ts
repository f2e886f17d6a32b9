/** A backend that answers 429 (the upstream's rate limit, passed on by the helper): the flow
 *  says so with `rate_limited` and how long to wait, and never asks sooner than that. */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { startConnectFlow, type ConnectFlow } from '../../../src/flow/index.js';
import { scenario } from '../support/backend.js';
import { answersRead, fakePopup, fakeTimers, getCount, recorder } from '../support/flow-helpers.js';

/** The helper's answer to upstream's 429. */
const limited = (seconds: number) => ({
  status: 429,
  json: { error: { code: 'rate_limited', message: `Too many attempts. Please try again in ${seconds} s.`, retry_after_seconds: seconds } },
});

describe('flow engine: rate limited (429)', () => {
  let flow: ConnectFlow | undefined;
  afterEach(() => {
    flow?.dispose();
    sinon.restore();
  });

  it("create answered 429: failed rate_limited, the helper's words, the seconds to wait in retryAfter", async () => {
    const backend = await scenario({ create: limited(42) });
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint });
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error).to.deep.equal({
      code: 'rate_limited',
      message: 'Too many attempts. Please try again in 42 s.',
      retryAfter: 42,
    });
    expect((await backend.read()).requests, 'one request, no retry').to.have.length(1);
  });

  it('a 429 without a body (not the helper): rate_limited all the same, the generic words, a minute to wait', async () => {
    const backend = await scenario({ create: { status: 429 } });
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint });
    const outcome = await flow.done;
    expect(outcome.status === 'failed' && outcome.error).to.deep.equal({
      code: 'rate_limited',
      message: 'The server could not start the connection. Please try again.',
      retryAfter: 60,
    });
  });

  it('polling backs off: after a 429 the next request waits the seconds asked, never less than the poll interval', async () => {
    const clock = fakeTimers();
    const backend = await scenario({ get: limited(30) });
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    const answers = answersRead(backend);
    await clock.tickAsync(2_000); // the first poll
    while ((await answers()).length < 1); // real I/O: the 429 arrived and the engine acted on it
    await clock.tickAsync(29_999);
    expect(await getCount(backend), 'nothing before the 30 s the backend asked').to.equal(1);
    await clock.tickAsync(1);
    while ((await answers()).length < 2);
    await clock.tickAsync(29_999);
    expect(await getCount(backend)).to.equal(2);
    expect(flow.state.status, 'still waiting: a 429 is no outcome').to.equal('waiting');
  });

  it('a 429 shorter than the poll interval still waits the interval', async () => {
    const clock = fakeTimers();
    const backend = await scenario({ get: limited(1) });
    sinon.stub(window, 'open').returns(fakePopup() as unknown as Window);
    const rec = recorder();
    flow = startConnectFlow({ providerId: 'pro_github', endpoint: backend.endpoint, onStateChange: rec.onStateChange });
    await rec.next('waiting');
    const answers = answersRead(backend);
    await clock.tickAsync(2_000);
    while ((await answers()).length < 1);
    await clock.tickAsync(2_999); // the backoff's next interval: 3 s
    expect(await getCount(backend)).to.equal(1);
    await clock.tickAsync(1);
    while ((await getCount(backend)) < 2);
  });
});
