'use strict';
// The Socket.IO 4 peer of the cross-node group send of benchmarks/gateway.sh (scenario
// groupsend): Socket.IO servers in separate Node processes, joined by @socket.io/redis-adapter
// (node-redis 4 clients) through one redis-server; each on 127.0.0.1, default path /socket.io/,
// default namespace, no compression, as socketio-server.js.
//
//   --role member  every client joins the room (--room, default bench) on connection; answers
//                  the server-side event `members` (from another process, through the adapter)
//                  with the number of this process's clients in the room.
//   --role sender  holds no member: every `b` event of a client goes to the room with
//                  io.to(room).emit('m', m), which the adapter publishes on redis for the member
//                  processes to deliver. Standard input also takes `await-members N MS`: answers
//                  {"event":"members","members":n,"servers":k,"reached":true|false} once the
//                  members of every process add up to at least N, or after about MS ms.
//
// usage: node --expose-gc socketio-group-server.js --redis-port R [--role member|sender]
//            [--room bench] [--port P]   (port 0, the default, picks a free port)
// Prints `READY port=<port>` once listening and connected to redis; standard input: see
// server-control.js.

const http = require('node:http');
const { Server } = require('socket.io');
const { createAdapter } = require('@socket.io/redis-adapter');
const { createClient } = require('redis');
const control = require('./server-control');

const POLL_MILLIS = 100;

const o = control.parseOptions(process.argv.slice(2), {
  'redis-port': '', role: 'member', room: 'bench',
});
const redisPort = Number(o['redis-port']);
if (!Number.isInteger(redisPort) || redisPort < 1 || redisPort > 65535) {
  control.fail('--redis-port R is required');
}
if (o.role !== 'member' && o.role !== 'sender') {
  control.fail('--role must be member or sender');
}

function localMembers(io) {
  const room = io.of('/').adapter.rooms.get(o.room);
  return room ? room.size : 0;
}

function delay(millis) {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** Polls the other processes until the room has `want` members or the bound passed. */
async function awaitMembers(io, [want, bound]) {
  const deadline = Date.now() + Number(bound);
  for (;;) {
    let members = -1;
    let servers = 0;
    try {
      const counts = await io.serverSideEmitWithAck('members');
      members = counts.reduce((sum, n) => sum + n, localMembers(io));
      servers = counts.length;
    } catch (e) {
      process.stderr.write(`members: ${e.message}\n`); // a process did not answer in time
    }
    if (members >= Number(want) || Date.now() >= deadline) {
      return { event: 'members', members, servers, reached: members >= Number(want) };
    }
    await delay(POLL_MILLIS);
  }
}

async function main() {
  const pubClient = createClient({ socket: { host: '127.0.0.1', port: redisPort } });
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient]) {
    client.on('error', (e) => process.stderr.write(`redis client: ${e.message}\n`));
  }
  await Promise.all([pubClient.connect(), subClient.connect()]);

  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    serveClient: false, perMessageDeflate: false, adapter: createAdapter(pubClient, subClient),
  });
  if (o.role === 'member') {
    io.on('connection', (socket) => socket.join(o.room));
    io.on('members', (ack) => ack(localMembers(io)));
  } else {
    io.on('connection', (socket) => {
      socket.on('b', (m) => io.to(o.room).emit('m', m));
    });
  }
  httpServer.on('error', (e) => {
    process.stderr.write(`socket.io server: ${e.message}\n`);
    process.exit(1);
  });
  httpServer.listen(o.port, '127.0.0.1', () => control.ready(httpServer.address().port));
  control.serve(() => io.engine.clientsCount, {
    'await-members': (args) => awaitMembers(io, args),
  });
}

main().catch((e) => {
  process.stderr.write(`socket.io group server: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
