'use strict';
// The JWT check of the Socket.IO peer in the connect scenario of benchmarks/gateway.sh: an
// io.use middleware verifying the HS256 token a client presents in its CONNECT packet
// (socket.io-client's `auth: {token}`) with the `jsonwebtoken` package, the way a Socket.IO
// application commonly does it: signature (HS256 only), `exp` and `nbf`, a string `sub`; the
// client then joins the room named after its `sub` (`uid:<sub>`), Socket.IO's counterpart of our
// gateway binding the client to its uid. A refused client gets CONNECT_ERROR with
// `invalid token (<reason>)`; the token is never logged.

const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');

/** Tokens longer than this are refused unread, as our gateway does (JwtOptions.MAX_TOKEN_LENGTH). */
const MAX_TOKEN_LENGTH = 8192;

/**
 * @param {string} secret the HS256 secret (its UTF-8 bytes are the key)
 * @returns {(socket: object, next: (err?: Error) => void) => void} the middleware for io.use
 */
function jwtMiddleware(secret) {
  const key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  return (socket, next) => {
    const token = socket.handshake.auth ? socket.handshake.auth.token : undefined;
    if (typeof token !== 'string' || token.length === 0) {
      next(new Error('invalid token (missing)'));
      return;
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      next(new Error('invalid token (too long)'));
      return;
    }
    let claims;
    try {
      claims = jwt.verify(token, key, { algorithms: ['HS256'] });
    } catch (e) {
      next(new Error(`invalid token (${e.message})`));
      return;
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
      next(new Error('invalid token (no sub)'));
      return;
    }
    socket.data.uid = claims.sub;
    socket.join(`uid:${claims.sub}`);
    next();
  };
}

module.exports = { jwtMiddleware, MAX_TOKEN_LENGTH };
