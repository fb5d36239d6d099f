// Unit tests of switchboard-client.js's logic, on Node with a WebSocket stand-in (FakeSocket) that
// the test drives: accept(), receive(), drop(). The browser test (ClientFailoverBrowserIT in module
// examples) runs the library against real gateways. Run: node --test src/test/js (bin/test does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, connect as connectClient, DEFAULTS, isTerminalClose, SwitchboardClient,
} from '../../main/resources/dev/switchboard/gateway/client/switchboard-client.js';

const WAIT_MS = 5000;

/** A WebSocket stand-in: records what the client does, and plays the server's part on demand. */
class FakeSocket {
  static all = [];

  constructor(url) {
    this.url = url;
    this.sent = [];
    this.readyState = 0;
    this.closedWith = null;
    FakeSocket.all.push(this);
  }

  send(data) {
    assert.equal(this.readyState, 1, 'send on an open socket only');
    this.sent.push(data);
  }

  close(code, reason) {
    this.closedWith = { code, reason };
    if (this.readyState < 2) {
      this.readyState = 2;
      setTimeout(() => this.drop(code ?? 1005, reason ?? '', true), 1);
    }
  }

  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(data) {
    this.onmessage?.({ data });
  }

  drop(code = 1006, reason = '', wasClean = false) {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }

  get params() {
    return new URL(this.url).searchParams;
  }
}

/** Options for a fast client on the stand-in. */
function options(extra) {
  return { urls: ['ws://a.test/', 'ws://b.test/', 'ws://c.test/'], WebSocket: FakeSocket,
    initialDelay: 2, maxDelay: 10, ...extra };
}

/** Records every event of a client, and waits for the next of a type (bounded). */
function recorder(client) {
  const events = [];
  const waiters = [];
  for (const type of ['open', 'message', 'close', 'reconnecting', 'error', 'overflow']) {
    client.on(type, (value) => {
      events.push({ type, value });
      for (const w of waiters.filter((x) => x.type === type && x.seen < countOf(type))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(value);
      }
    });
  }
  const countOf = (type) => events.filter((e) => e.type === type).length;
  return {
    events,
    of: (type) => events.filter((e) => e.type === type).map((e) => e.value),
    /** The next event of this type after the ones seen so far. */
    next(type) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${WAIT_MS} ms`)), WAIT_MS);
        waiters.push({ type, seen: countOf(type), resolve: (v) => { clearTimeout(timer); resolve(v); } });
      });
    },
  };
}

/** The socket after the first `n` ones, once the client has made it (bounded). */
async function socket(n) {
  const until = Date.now() + WAIT_MS;
  while (FakeSocket.all.length <= n) {
    if (Date.now() > until) throw new Error(`socket ${n} not created within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return FakeSocket.all[n];
}

test.beforeEach(() => {
  FakeSocket.all = [];
});

// every client is closed after its test, also one that failed, so that no timer keeps Node running
const clients = [];
test.afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});

function connect(o) {
  const client = connectClient(o);
  clients.push(client);
  return client;
}

test('the backoff delay is full jitter under a ceiling that grows by factor up to maxDelay', () => {
  const o = { initialDelay: 500, maxDelay: 10000, factor: 2 };
  const ceilings = [500, 1000, 2000, 4000, 8000, 10000, 10000];
  ceilings.forEach((ceiling, i) => {
    assert.equal(backoffDelay(i + 1, o, () => 0), 0);
    assert.equal(backoffDelay(i + 1, o, () => 0.999999), ceiling - 1);
    for (let k = 0; k < 200; k++) {
      const d = backoffDelay(i + 1, o);
      assert.ok(d >= 0 && d < ceiling, `attempt ${i + 1}: ${d} not in [0, ${ceiling})`);
    }
  });
  assert.equal(backoffDelay(3, { initialDelay: 100, maxDelay: 10000, factor: 3 }, () => 0.5), 450);
});

test('the defaults are the documented ones', () => {
  assert.deepEqual({ ...DEFAULTS }, {
    initialDelay: 500, maxDelay: 10000, factor: 2, connectTimeout: 10000, heartbeatInterval: 0,
    heartbeatMessage: null, deadAfter: 0, maxQueued: 100, maxQueuedBytes: 1048576,
  });
});

test('reconnect attempts go round the URLs, with delays under the growing ceiling', async () => {
  const client = connect(options({ initialDelay: 4, maxDelay: 20 }));
  const seen = recorder(client);
  assert.equal((await socket(0)).url, 'ws://a.test/');
  const expected = [['ws://b.test/', 4], ['ws://c.test/', 8], ['ws://a.test/', 16], ['ws://b.test/', 20]];
  for (let i = 0; i < expected.length; i++) {
    const next = seen.next('reconnecting');
    (await socket(i)).drop();
    const { attempt, delay, url } = await next;
    assert.equal(attempt, i + 1);
    assert.equal(url, expected[i][0]);
    assert.ok(delay >= 0 && delay < expected[i][1], `delay ${delay} for attempt ${attempt}`);
    assert.equal((await socket(i + 1)).url, expected[i][0]);
  }
  assert.equal(seen.of('error').length, expected.length, 'each failed attempt is reported');
  assert.equal(seen.of('close').length, 0, 'close follows an open only');
  client.close();
});

test('an open resets the attempts; a lost connection moves to the next URL', async () => {
  const client = connect(options());
  const seen = recorder(client);
  const failed = seen.next('reconnecting');
  (await socket(0)).drop();
  await failed;
  const opened = seen.next('open');
  (await socket(1)).accept();
  assert.deepEqual(await opened, { url: 'ws://b.test/' });
  assert.equal(client.state, 'open');
  const closed = seen.next('close');
  const reconnecting = seen.next('reconnecting');
  FakeSocket.all[1].drop(1001, 'heartbeat_timeout', true);
  assert.deepEqual(await closed, { code: 1001, reason: 'heartbeat_timeout', wasClean: true,
    url: 'ws://b.test/', willRetry: true });
  const { attempt, url } = await reconnecting;
  assert.equal(attempt, 1);
  assert.equal(url, 'ws://c.test/');
  client.close();
});

test('a close with 1013 (a gateway shedding load) keeps the backoff growing, not reset by its open', async () => {
  const client = connect(options({ initialDelay: 4, maxDelay: 1000 }));
  const seen = recorder(client);
  const attempts = [];
  for (let i = 0; i < 4; i++) {
    const reconnecting = seen.next('reconnecting');
    const ws = await socket(i);
    ws.accept(); // the gateway answers 101, then closes at once with 1013
    ws.drop(1013, 'too_many_connections', true);
    attempts.push((await reconnecting).attempt);
  }
  assert.deepEqual(attempts, [1, 2, 3, 4]);
  assert.deepEqual(seen.of('close').map((c) => [c.code, c.reason, c.willRetry]),
    Array(4).fill([1013, 'too_many_connections', true]));
  // any other close after an open starts the backoff again
  const reconnecting = seen.next('reconnecting');
  const ws = await socket(4);
  ws.accept();
  ws.drop(1001, 'heartbeat_timeout', true);
  assert.equal((await reconnecting).attempt, 1);
  client.close();
});

test('the token function is called before every attempt and its answer sent as ?token=', async () => {
  let calls = 0;
  const client = connect(options({ urls: ['ws://a.test/path?x=1'],
    token: () => Promise.resolve(`t${++calls}`) }));
  const seen = recorder(client);
  assert.equal((await socket(0)).params.get('token'), 't1');
  assert.equal(FakeSocket.all[0].params.get('x'), '1');
  FakeSocket.all[0].drop();
  assert.equal((await socket(1)).params.get('token'), 't2');
  FakeSocket.all[1].accept();
  FakeSocket.all[1].drop(1012, 'restart', true);
  assert.equal((await socket(2)).params.get('token'), 't3');
  assert.equal(calls, 3);
  assert.equal(seen.of('open').length, 1);
  client.close();
});

test('a string token is sent as is, and none without the option', async () => {
  const withToken = connect(options({ token: 'a b&c' }));
  assert.equal((await socket(0)).params.get('token'), 'a b&c');
  withToken.close();
  const without = connect(options());
  assert.equal((await socket(1)).params.has('token'), false);
  without.close();
});

test('a token function that fails is reported and retried', async () => {
  let calls = 0;
  const client = connect(options({ token: () => {
    calls++;
    if (calls === 1) throw new Error('no session');
    return Promise.reject(new Error('expired'));
  } }));
  const seen = recorder(client);
  const retried = seen.next('reconnecting');
  const error = await seen.next('error');
  assert.match(error.message, /no session/);
  await retried;
  assert.match((await seen.next('error')).message, /expired/);
  assert.equal(FakeSocket.all.length, 0, 'no connection without a token');
  client.close();
});

test('messages sent while not open are queued up to maxQueued, flushed in order on open', async () => {
  const client = connect(options({ maxQueued: 2 }));
  const seen = recorder(client);
  assert.equal(client.send('one'), 'queued');
  assert.equal(client.send(new Uint8Array([2])), 'queued');
  assert.equal(client.send('three'), 'refused');
  assert.deepEqual(seen.of('overflow'), [{ data: 'three', reason: 'full' }]);
  assert.equal(client.queued, 2);
  const s = await socket(0);
  client.on('open', () => client.send('hello first'));
  s.accept();
  assert.deepEqual(s.sent, ['hello first', 'one', new Uint8Array([2])]);
  assert.equal(client.queued, 0);
  assert.equal(client.send('now'), 'sent');
  assert.equal(s.sent.at(-1), 'now');
  client.close();
});

test('the queue is bounded in bytes too, counting text as UTF-8', async () => {
  const client = connect(options({ maxQueuedBytes: 10 }));
  const seen = recorder(client);
  assert.equal(client.send('ééééé'), 'queued'); // 10 bytes
  assert.equal(client.send('x'), 'refused');
  assert.equal(client.send(new ArrayBuffer(0)), 'queued');
  assert.deepEqual(seen.of('overflow').map((o) => o.reason), ['full']);
  assert.throws(() => client.send({ not: 'a message' }), TypeError);
  client.close();
  assert.deepEqual(seen.of('overflow').map((o) => o.reason), ['full', 'closed', 'closed']);
});

test('close() stops reconnecting and reports what was queued', async () => {
  const client = connect(options());
  const seen = recorder(client);
  const failed = seen.next('reconnecting');
  (await socket(0)).drop();
  await failed;
  client.send('pending');
  client.close();
  assert.equal(client.state, 'closed');
  assert.deepEqual(seen.of('overflow'), [{ data: 'pending', reason: 'closed' }]);
  assert.equal(client.send('late'), 'refused');
  await new Promise((r) => setTimeout(r, 30)); // more than the longest delay (10 ms)
  assert.equal(FakeSocket.all.length, 1, 'no attempt after close()');
  client.retryNow();
  assert.equal(FakeSocket.all.length, 1);
});

test('close() on an open connection closes it with the code and emits close once', async () => {
  const client = connect(options());
  const seen = recorder(client);
  const s = await socket(0);
  s.accept();
  const closed = seen.next('close');
  client.close(4100, 'bye');
  assert.deepEqual(s.closedWith, { code: 4100, reason: 'bye' });
  assert.equal((await closed).willRetry, false);
  assert.throws(() => client.close(1001), TypeError);
  assert.equal(seen.of('reconnecting').length, 0);
});

test('1008 and 4000-4499 end the client; other codes, 4500-4999 included, are retried', async () => {
  assert.ok(isTerminalClose(1008) && isTerminalClose(4000) && isTerminalClose(4499));
  for (const code of [1000, 1001, 1006, 1011, 1012, 1013, 3000, 4500, 4999]) {
    assert.equal(isTerminalClose(code), false, String(code));
  }
  for (const code of [1008, 4001]) {
    FakeSocket.all = [];
    const client = connect(options());
    const seen = recorder(client);
    const s = await socket(0);
    s.accept();
    client.send('x');
    const closed = seen.next('close');
    s.drop(code, 'go away', true);
    assert.equal((await closed).willRetry, false);
    assert.equal(client.state, 'closed');
    assert.equal(client.send('y'), 'refused');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(FakeSocket.all.length, 1, `no reconnect after ${code}`);
  }
  const client = connect(options());
  const seen = recorder(client);
  (await socket(1)).accept();
  const retry = seen.next('reconnecting');
  FakeSocket.all[1].drop(4500, 'retry me', true);
  assert.equal((await retry).attempt, 1);
  client.close();
});

test('the heartbeat goes out when nothing was sent for heartbeatInterval', async () => {
  const client = connect(options({ heartbeatInterval: 40, heartbeatMessage: '{"cmd":"ping"}' }));
  const s = await socket(0);
  s.accept();
  const started = Date.now();
  while (s.sent.length < 2) {
    assert.ok(Date.now() - started < WAIT_MS, 'two heartbeats');
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(s.sent, ['{"cmd":"ping"}', '{"cmd":"ping"}']);
  assert.ok(Date.now() - started >= 75, 'one per interval');
  assert.throws(() => new SwitchboardClient(options({ heartbeatInterval: 10 })), TypeError);
  client.close();
});

test('a connection that receives nothing for deadAfter is dropped as dead and replaced', async () => {
  const client = connect(options({ deadAfter: 300 }));
  const seen = recorder(client);
  const s = await socket(0);
  s.accept();
  const opened = Date.now();
  const closed = seen.next('close');
  for (let i = 0; i < 4; i++) { // messages keep it alive (each well within deadAfter of the last)
    await new Promise((r) => setTimeout(r, 50));
    s.receive(`m${i}`);
  }
  const close = await closed;
  assert.ok(Date.now() - opened >= 490, 'dropped deadAfter after the last message, not before');
  assert.deepEqual({ ...close, reason: undefined }, { code: 1006, reason: undefined,
    wasClean: false, url: 'ws://a.test/', willRetry: true });
  assert.match(close.reason, /nothing received for 300 ms/);
  assert.deepEqual(seen.of('message'), ['m0', 'm1', 'm2', 'm3']);
  assert.notEqual(s.closedWith, null, 'the dead socket is closed');
  assert.equal((await socket(1)).url, 'ws://b.test/');
});

test('an attempt that does not open within connectTimeout is given up', async () => {
  const client = connect(options({ connectTimeout: 30 }));
  const seen = recorder(client);
  const error = await seen.next('error');
  assert.match(error.message, /ws:\/\/a\.test\/ did not open within 30 ms/);
  assert.notEqual(FakeSocket.all[0].closedWith, null);
  assert.equal((await socket(1)).url, 'ws://b.test/');
  client.close();
});

test('bad options are TypeErrors', () => {
  for (const bad of [{ urls: [] }, { urls: ['ftp://x/'] }, { urls: ['not a url'] },
    { urls: ['ws://a/'], factor: 0.5 }, { urls: ['ws://a/'], maxQueued: -1 }]) {
    assert.throws(() => connect({ WebSocket: FakeSocket, ...bad }), TypeError, JSON.stringify(bad));
  }
  const client = connect({ urls: ['https://a.test/ws#frag'], WebSocket: FakeSocket });
  assert.equal(client.url, 'wss://a.test/ws');
  client.close();
});
