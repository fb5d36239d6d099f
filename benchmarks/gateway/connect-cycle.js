'use strict';
// One cycle of the connect scenario's load generator (connect-loadgen.js): open a WebSocket, wait
// until the server confirms that the client is connected, close, on the `ws` client whichever the
// server:
//
// - protocol `ws` (our gateway): the token travels in the URL's `token` query parameter (the
//   caller's URL has it); confirmed by the first message, which the benchmark server sends from
//   its onConnect (so the connect hook, the JWT check and onConnect have all run); rejected when
//   the upgrade is answered with any status but 101 (our JWT check: 401);
// - protocol `socketio`: Engine.IO v4 / Socket.IO v5 spoken on the WebSocket: the server's open
//   packet `0{...}` is answered with the CONNECT packet `40{"token":"..."}` (what socket.io-client
//   sends for `auth: {token}`); confirmed by the server's CONNECT `40{"sid":...}`, written as the
//   `connection` event fires, after the middlewares; rejected by a CONNECT_ERROR `44{...}` (a
//   middleware's next(err)).
//
// An accepted client is then closed with a closing handshake (close frame 1000, the server
// answers and closes the TCP connection), waited for within a bound, so that the server holds at
// most as many clients as there are cycles in flight. A refused or failed one is dropped at once.

const { WebSocket } = require('ws');
const { clock } = require('./receivers');

/**
 * What a Socket.IO server's text frame is, for a client that joins the default namespace.
 *
 * @param {Buffer|string} data a text frame
 * @returns {'open'|'connected'|'refused'|'ping'|'other'} the Engine.IO open packet, the
 *     namespace's CONNECT (joined), its CONNECT_ERROR (refused), an Engine.IO ping, or anything
 *     else
 */
function socketIoPacket(data) {
  const text = typeof data === 'string' ? data : data.toString('latin1', 0, 2);
  if (text.startsWith('40')) {
    return 'connected';
  }
  if (text.startsWith('44')) {
    return 'refused';
  }
  if (text.startsWith('0')) {
    return 'open';
  }
  return text === '2' ? 'ping' : 'other';
}

/**
 * @param {string} token the client's token
 * @returns {string} the Socket.IO CONNECT packet to the default namespace with `auth: {token}`
 */
function connectPacket(token) {
  return `40${JSON.stringify({ token })}`;
}

/**
 * Connects one client, waits for the server's confirmation, closes it.
 *
 * @param {object} o what to connect to
 * @param {string} o.url the WebSocket URL (ours: with `?token=`; Socket.IO:
 *     /socket.io/?EIO=4&transport=websocket)
 * @param {'ws'|'socketio'} o.protocol how the server confirms (see above)
 * @param {string} o.token the token (Socket.IO: sent in the CONNECT packet)
 * @param {number} o.handshakeMillis bound from the first byte to the confirmation
 * @param {number} o.closeMillis bound of the closing handshake, then the socket is dropped
 * @returns {Promise<{outcome: 'accepted'|'rejected'|'error', startedAt: number,
 *     confirmedAt: number, detail: string|null}>} never rejects; confirmedAt is 0 unless accepted
 */
function cycle(o) {
  return new Promise((resolve) => {
    const startedAt = clock();
    const ws = new WebSocket(o.url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: o.handshakeMillis,
      followRedirects: false,
    });
    let outcome = null;
    let confirmedAt = 0;
    let detail = null;
    const done = () => resolve({ outcome, startedAt, confirmedAt, detail });
    const timer = setTimeout(() => settle('error', 'handshake timed out'), o.handshakeMillis);
    function settle(what, why) {
      if (outcome !== null) {
        return;
      }
      outcome = what;
      detail = why;
      clearTimeout(timer);
      if (what !== 'accepted') {
        ws.terminate();
        done();
        return;
      }
      confirmedAt = clock();
      const bound = setTimeout(() => ws.terminate(), o.closeMillis);
      ws.once('close', () => {
        clearTimeout(bound);
        done();
      });
      ws.close(1000);
    }
    ws.on('unexpected-response', (request, response) => {
      response.resume();
      settle('rejected', `HTTP ${response.statusCode}`);
    });
    ws.on('error', (e) => settle('error', e.code || e.message));
    ws.on('close', (code) => settle('error', `closed before confirmation (${code})`));
    if (o.protocol === 'socketio') {
      ws.on('message', (data) => {
        switch (socketIoPacket(data)) {
          case 'open':
            ws.send(connectPacket(o.token));
            break;
          case 'connected':
            settle('accepted', null);
            break;
          case 'refused':
            settle('rejected', data.toString());
            break;
          case 'ping':
            ws.send('3');
            break;
          default:
            break;
        }
      });
    } else {
      ws.once('message', () => settle('accepted', null));
    }
  });
}

module.exports = { cycle, socketIoPacket, connectPacket };
