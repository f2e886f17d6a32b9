import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createIdGenerator, ID_PATTERN } from '../../src/sandbox/ids.js';
import { MemoryStore, type SessionRecord } from '../../src/sandbox/index.js';
import { startTestSandbox, type TestSandbox } from './helpers.js';

describe('sandbox ids', () => {
  it('are prefix + 9 base36 time chars + 13 base62 random chars, sorted by time', () => {
    let clock = Date.parse('2026-01-15T12:00:00.000Z');
    const nextId = createIdGenerator(() => clock);
    const first = nextId('pas');
    assert.match(first, ID_PATTERN);
    assert.equal(first.slice(4, 13), clock.toString(36).padStart(9, '0'));
    clock += 1;
    const second = nextId('pas');
    assert.ok(first < second, 'a later millisecond sorts later');
    clock -= 1000; // the clock steps back: ids still do not go back in time
    assert.equal(nextId('pas').slice(4, 13), second.slice(4, 13));
  });

  it('in the same millisecond are independent random draws, not increments of a neighbour', () => {
    const nextId = createIdGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 500 }, () => nextId('pas'));
    assert.equal(new Set(ids).size, ids.length);
    const time = ids[0]!.slice(4, 13);
    for (const id of ids) {
      assert.match(id, ID_PATTERN);
      assert.equal(id.slice(4, 13), time);
    }
    // An incremented id shares its first 12 random characters with its predecessor; random
    // draws share that much with probability 62^-12 per pair.
    const sharedPrefix = (a: string, b: string) => {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return i;
    };
    for (const [a, b] of ids.slice(1).map((id, i) => [ids[i]!, id] as const)) assert.ok(sharedPrefix(a.slice(13), b.slice(13)) < 12, `${a} / ${b}`);
    const sorted = [...ids].sort();
    for (let i = 1; i < sorted.length; i++) assert.ok(sharedPrefix(sorted[i - 1]!.slice(13), sorted[i]!.slice(13)) < 12);
  });
});

describe('sandbox request log', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await startTestSandbox();
  });
  after(() => sb.close());

  /** The log lines one request adds. */
  const linesFor = async (path: string, init: RequestInit = {}) => {
    const before = sb.logs.length;
    const response = await fetch(`${sb.url}${path}`, init);
    await response.arrayBuffer();
    return sb.logs.slice(before);
  };

  it('logs the path still encoded, so a request cannot forge a line', async () => {
    const lines = await linesFor('/x%0aPOST%20/provider-setup-sessions%20201%201ms%0a');
    assert.deepEqual(lines, [lines[0]]);
    assert.match(lines[0]!, /^GET \/x%0aPOST%20\/provider-setup-sessions%20201%201ms%0a 404 \d+ms$/);
  });

  it('never writes control codes, raw or decoded', async () => {
    const lines = await linesFor('/a%1b%5b31mred%1b%5b0m/%00/%7f/%c3%a9');
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /[\x00-\x1f\x7f-\uffff]/u);
    assert.match(lines[0]!, /^GET \/a%1b%5b31mred%1b%5b0m\/%00\/%7f\/%c3%a9 404 \d+ms$/);
  });

  it('encodes characters the client sent unencoded and cuts very long paths', async () => {
    const lines = await linesFor(`/${'é'.repeat(10)}/${'a'.repeat(1000)}`);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^GET \/(%C3%A9){10}\/a+… 404 \d+ms$/);
    assert.ok(lines[0]!.length < 300);
  });

  it('leaves the query out', async () => {
    const [line] = await linesFor('/setup/pas_x?client_secret=pas_secret_abc%0aX');
    assert.match(line!, /^GET \/setup\/pas_x 200 \d+ms$/);
  });

  it("folds an internal error into the request's one line", async () => {
    class FailingStore extends MemoryStore {
      override get(): SessionRecord | undefined {
        throw new TypeError('store broke');
      }
    }
    const failing = await startTestSandbox({ store: new FailingStore() });
    try {
      const response = await fetch(`${failing.url}/provider-setup-sessions/pas_x%0ay`, { headers: { Authorization: `Bearer ${failing.apiKey}` } });
      assert.equal(response.status, 500);
      assert.doesNotMatch(await response.text(), /store broke|TypeError/);
      assert.equal(failing.logs.length, 2, failing.logs.join('\n')); // the start-up line and this request's
      assert.match(failing.logs[1]!, /^GET \/provider-setup-sessions\/pas_x%0ay 500 \d+ms error=TypeError$/);
    } finally {
      await failing.close();
    }
  });
});
