'use strict';
// One client connection of the load generator, on the `ws` client for every server so that the
// client side costs the same whichever server is measured:
//
// - protocol `ws` (our gateway, the plain ws server): text messages are the payload itself;
// - protocol `socketio`: Socket.IO v5 over Engine.IO v4 spoken directly on the WebSocket
//   (URL /socket.io/?EIO=4&transport=websocket): the server's open packet `0{...}` is answered
//   with `40` (join the default namespace), ready once the server acknowledges with `40{...}`;
//   every ping `2` is answered with a pong `3`; a payload is sent as `42["b","<payload>"]` and
//   arrives as `42["m","<payload>"]`. Payloads must not need JSON escaping.

const { WebSocket } = require('ws');

const SIO_EVENT_PREFIX = Buffer.from('42["m","', 'latin1');
const SIO_EVENT_SUFFIX_LENGTH = 2; // "]
const CH_0 = 0x30;
const CH_1 = 0x31;
const CH_2 = 0x32;
const CH_4 = 0x34;

/**
 * Opens one connection.
 *
 * @param {string} url the WebSocket URL (for socketio, with /socket.io/?EIO=4&transport=websocket)
 * @param {'ws'|'socketio'} protocol how payloads are framed
 * @param {(buf: Buffer, start: number, end: number) => void} onPayload called with each
 *     payload received, as a slice of the frame's buffer
 * @param {number} handshakeMillis how long the opening handshake(s) may take
 * @returns {Promise<Client>} settles once the connection can send and receive payloads
 */
function connect(url, protocol, onPayload, handshakeMillis) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      handshakeTimeout: handshakeMillis,
      followRedirects: false,
    });
    const client = new Client(ws, protocol);
    let settled = false;
    const timer = setTimeout(() => fail(new Error('handshake timed out')), handshakeMillis);
    const succeed = () => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(client);
      }
    };
    function fail(error) {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      }
    }
    ws.on('error', (e) => {
      client.error = e;
      fail(e);
    });
    ws.on('close', (code) => {
      client.closed = true;
      fail(new Error(`closed during the handshake (${code})`));
    });
    if (protocol === 'socketio') {
      ws.on('message', (data) => {
        const type = data[0];
        if (type === CH_4 && data[1] === CH_2) {
          if (data.length >= SIO_EVENT_PREFIX.length + SIO_EVENT_SUFFIX_LENGTH
              && data.compare(SIO_EVENT_PREFIX, 0, SIO_EVENT_PREFIX.length, 0,
                SIO_EVENT_PREFIX.length) === 0) {
            onPayload(data, SIO_EVENT_PREFIX.length, data.length - SIO_EVENT_SUFFIX_LENGTH);
          }
        } else if (type === CH_2) {
          ws.send('3');
        } else if (type === CH_0) {
          ws.send('40');
        } else if (type === CH_4 && data[1] === CH_0) {
          succeed();
        } else if (type === CH_4 && data[1] === CH_1) {
          fail(new Error('refused by the namespace: ' + data.toString()));
        }
      });
    } else {
      ws.on('message', (data) => onPayload(data, 0, data.length));
      ws.on('open', succeed);
    }
  });
}

/** An open connection. */
class Client {
  constructor(ws, protocol) {
    this.ws = ws;
    this.protocol = protocol;
    this.closed = false;
    this.error = null;
  }

  /**
   * @param {string} payload the payload, ASCII without characters JSON would escape
   */
  send(payload) {
    this.ws.send(this.protocol === 'socketio' ? `42["b","${payload}"]` : payload);
  }

  /** Stops reading from the socket: the server's messages pile up in the kernel, then in it. */
  stall() {
    this.ws.pause();
  }

  /** Drops the connection at once, without a closing handshake. */
  terminate() {
    this.ws.terminate();
  }

  /**
   * Closing handshake, bounded; a stalled client (which would never read the server's answer)
   * is dropped at once.
   *
   * @param {number} boundMillis how long to wait for the closing handshake
   * @returns {Promise<void>} settles once the connection is closed
   */
  close(boundMillis) {
    if (this.closed || this.ws.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.ws.terminate(), boundMillis);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.ws.isPaused) {
        this.ws.terminate();
      } else {
        this.ws.close(1000);
      }
    });
  }
}

module.exports = { connect };
