'use strict';
// node --test benchmarks/gateway: the connect scenario's client cycle (connect-cycle.js) against
// real servers on 127.0.0.1 (a `ws` server, a Socket.IO server with the JWT middleware of
// jwt-middleware.js), and its window tally (connect-loadgen.js)
const test = require('node:test');
const assert = require('node:assert');
const http = require('node:http');
const net = require('node:net');
const jwt = require('jsonwebtoken');
const { WebSocketServer } = require('ws');
const { Server } = require('socket.io');
const { cycle, socketIoPacket, connectPacket } = require('./connect-cycle');
const { jwtMiddleware } = require('./jwt-middleware');
const { Tally } = require('./connect-loadgen');

const SECRET = 'a-bench-secret-of-at-least-32-characters';
const BOUNDS = { handshakeMillis: 5000, closeMillis: 5000 };

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

test('Socket.IO packets are told apart', () => {
  assert.strictEqual(socketIoPacket(Buffer.from('0{"sid":"x","pingInterval":25000}')), 'open');
  assert.strictEqual(socketIoPacket('40{"sid":"abc"}'), 'connected');
  assert.strictEqual(socketIoPacket(Buffer.from('44{"message":"invalid token (jwt expired)"}')),
    'refused');
  assert.strictEqual(socketIoPacket(Buffer.from('2')), 'ping');
  assert.strictEqual(socketIoPacket(Buffer.from('42["m","x"]')), 'other');
  assert.strictEqual(connectPacket('a.b.c'), '40{"token":"a.b.c"}');
});

test('a ws server: confirmed by its first message, refused by a status, closed after', async () => {
  const server = http.createServer();
  const wss = new WebSocketServer({
    server,
    verifyClient: (info, answer) => answer(info.req.url.includes('token=good'), 401, 'invalid token'),
  });
  let closed = 0;
  wss.on('connection', (socket) => {
    socket.on('close', () => closed++);
    socket.send('c');
  });
  const port = await listen(server);
  try {
    const ok = await cycle({ url: `ws://127.0.0.1:${port}/?token=good`, protocol: 'ws', ...BOUNDS });
    assert.strictEqual(ok.outcome, 'accepted');
    assert.ok(ok.confirmedAt >= ok.startedAt);
    assert.strictEqual(closed, 1, 'the closing handshake completed before the cycle ended');
    const refused = await cycle({ url: `ws://127.0.0.1:${port}/?token=bad`, protocol: 'ws', ...BOUNDS });
    assert.deepStrictEqual([refused.outcome, refused.detail, refused.confirmedAt],
      ['rejected', 'HTTP 401', 0]);
  } finally {
    wss.close();
    server.close();
  }
});

test('Socket.IO with the JWT middleware: a valid token joins, others are refused', async () => {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false, perMessageDeflate: false });
  io.use(jwtMiddleware(SECRET));
  const uids = [];
  io.on('connection', (socket) => uids.push([socket.data.uid, socket.rooms.has('uid:u1')]));
  const port = await listen(server);
  const url = `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
  const sign = (claims, secret) => jwt.sign(claims, secret, { algorithm: 'HS256' });
  try {
    const good = sign({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 60 }, SECRET);
    const ok = await cycle({ url, protocol: 'socketio', token: good, ...BOUNDS });
    assert.strictEqual(ok.outcome, 'accepted');
    assert.deepStrictEqual(uids, [['u1', true]]);
    const cases = [
      [sign({ sub: 'u1' }, 'another-secret-of-at-least-32-characters'), 'invalid signature'],
      [sign({ sub: 'u1', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET), 'jwt expired'],
      [sign({ name: 'no sub' }, SECRET), 'no sub'],
      ['', 'missing'],
      ['x'.repeat(9000), 'too long'],
    ];
    for (const [token, reason] of cases) {
      const refused = await cycle({ url, protocol: 'socketio', token, ...BOUNDS });
      assert.strictEqual(refused.outcome, 'rejected', reason);
      assert.match(refused.detail, new RegExp(`invalid token \\(${reason}\\)`));
    }
    assert.strictEqual(uids.length, 1, 'no refused client reached the connection event');
  } finally {
    io.close();
  }
});

test('no server: an error, not a rejection', async () => {
  const probe = net.createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const r = await cycle({ url: `ws://127.0.0.1:${port}/`, protocol: 'ws', ...BOUNDS });
  assert.deepStrictEqual([r.outcome, r.detail], ['error', 'ECONNREFUSED']);
});

test('the tally counts and times the clients confirmed in the window only', () => {
  const tally = new Tally(1000, 2000);
  tally.add({ outcome: 'accepted', startedAt: 990, confirmedAt: 999, detail: null });
  tally.add({ outcome: 'accepted', startedAt: 995, confirmedAt: 1001, detail: null });
  tally.add({ outcome: 'accepted', startedAt: 1500, confirmedAt: 1502, detail: null });
  tally.add({ outcome: 'accepted', startedAt: 1999, confirmedAt: 2000, detail: null });
  tally.add({ outcome: 'rejected', startedAt: 1100, confirmedAt: 0, detail: 'HTTP 401' });
  tally.add({ outcome: 'rejected', startedAt: 1200, confirmedAt: 0, detail: 'HTTP 503' });
  tally.add({ outcome: 'error', startedAt: 1300, confirmedAt: 0, detail: 'ECONNRESET' });
  assert.deepStrictEqual([tally.accepted, tally.windowAccepted, tally.rejected, tally.errors],
    [4, 2, 2, 1]);
  assert.deepStrictEqual([tally.firstRejection, tally.firstError], ['HTTP 401', 'ECONNRESET']);
  assert.strictEqual(tally.histogram.total, 2);
  assert.ok(Math.abs(tally.histogram.percentileMillis(1) - 6) < 0.01);
});

test('tallies of several processes merge into one', () => {
  const a = new Tally(1000, 2000);
  const b = new Tally(1000, 2000);
  a.add({ outcome: 'accepted', startedAt: 1100, confirmedAt: 1102, detail: null });
  a.add({ outcome: 'error', startedAt: 1200, confirmedAt: 0, detail: 'ECONNRESET' });
  b.add({ outcome: 'accepted', startedAt: 1300, confirmedAt: 1310, detail: null });
  b.add({ outcome: 'accepted', startedAt: 900, confirmedAt: 950, detail: null });
  b.add({ outcome: 'rejected', startedAt: 1400, confirmedAt: 0, detail: 'HTTP 401' });
  const all = new Tally(1000, 2000);
  all.merge(JSON.parse(JSON.stringify(a)));  // as a worker process sends it
  all.merge(JSON.parse(JSON.stringify(b)));
  assert.deepStrictEqual([all.accepted, all.windowAccepted, all.rejected, all.errors],
    [3, 2, 1, 1]);
  assert.deepStrictEqual([all.firstRejection, all.firstError], ['HTTP 401', 'ECONNRESET']);
  assert.strictEqual(all.histogram.total, 2);
  assert.ok(Math.abs(all.histogram.percentileMillis(1) - 10) < 0.01);
});
