'use strict';
// The Socket.IO 4 peer of benchmarks/gateway.sh: one Node process, one Socket.IO server on
// 127.0.0.1 (default path /socket.io/, default namespace, in-memory adapter, no compression),
// every `b` event re-emitted to every connected client as `m` with io.emit, the sender included.
// io.emit encodes the packet once and writes it to each client's Engine.IO socket.
//
// With --jwt-secret S (the connect scenario), an io.use middleware checks every client's HS256
// token first (jwt-middleware.js: jsonwebtoken, the token in the CONNECT packet's auth).
//
// usage: node --expose-gc socketio-server.js [--port P] [--jwt-secret S]   (port 0, the default,
//        picks a free port)
// Prints `READY port=<port>` once listening; standard input: see server-control.js.

const http = require('node:http');
const { Server } = require('socket.io');
const control = require('./server-control');
const { jwtMiddleware } = require('./jwt-middleware');

const { port, 'jwt-secret': jwtSecret } = control.parseOptions(process.argv.slice(2),
  { 'jwt-secret': '' });
const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false });

if (jwtSecret.length > 0) {
  io.use(jwtMiddleware(jwtSecret));
}
io.on('connection', (socket) => {
  socket.on('b', (m) => io.emit('m', m));
});
httpServer.on('error', (e) => {
  process.stderr.write(`socket.io server: ${e.message}\n`);
  process.exit(1);
});
httpServer.listen(port, '127.0.0.1', () => control.ready(httpServer.address().port));
control.serve(() => io.engine.clientsCount);
