'use strict';
// The plain `ws` peer of benchmarks/gateway.sh: a WebSocket server on 127.0.0.1 (path /, no
// compression) that sends every text message it receives, unchanged, to every connected client,
// the sender included, the way the ws documentation broadcasts: clients.forEach(send). No
// back-pressure: what a slow client does not read piles up in its socket's write buffer.
//
// usage: node --expose-gc ws-server.js [--port P]   (0, the default, picks a free port)
// Prints `READY port=<port>` once listening; standard input: see server-control.js.

const { WebSocketServer, WebSocket } = require('ws');
const control = require('./server-control');

const port = control.portArgument(process.argv.slice(2));
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });

wss.on('connection', (socket) => {
  // a client that vanishes must not bring the server down
  socket.on('error', () => {});
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    wss.clients.forEach((client) => {
      if (client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: false });
      }
    });
  });
});
wss.on('listening', () => control.ready(wss.address().port));
wss.on('error', (e) => {
  process.stderr.write(`ws server: ${e.message}\n`);
  process.exit(1);
});
control.serve(() => wss.clients.size);
