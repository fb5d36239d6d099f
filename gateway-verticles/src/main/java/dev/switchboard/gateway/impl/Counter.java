package dev.switchboard.gateway.impl;

/** The counters of a gateway verticle, with their status JSON keys (see docs/gateway.md). */
public enum Counter {
  CONNECTIONS("connections"),
  CONNECTIONS_TOTAL("connectionsTotal"),
  TOTAL_REQUEST("totalRequest"),
  /** Messages handed to a connection (written or queued), pings and close frames not counted. */
  MESSAGES_OUT("messagesOut"),
  SEND_FAIL("sendFail"),
  DROPPED("dropped"),
  BUFFER_FULL("bufferFull"),
  BUFFER_DRAIN("bufferDrain"),
  SLOW_DISCONNECTS("slowDisconnects"),
  BYTES_IN("bytesIn"),
  BYTES_OUT("bytesOut"),
  PENDING_BYTES("pendingBytes"),
  HEARTBEAT_CLOSES("heartbeatCloses"),
  AUTH_CLOSES("authCloses"),
  CLOSE_TIMEOUTS("closeTimeouts"),
  REFUSED("refused"),
  SHED("shed"),
  HANDSHAKE_TIMEOUTS("handshakeTimeouts"),
  HTTP_CONNECTIONS("httpConnections"),
  ORIGIN_REFUSED("originRefused"),
  CONNECTING("connecting"),
  CONNECT_REJECTED("connectRejected"),
  AUTH_REJECTED("authRejected"),
  CONNECT_HOOK_TIMEOUTS("connectHookTimeouts"),
  CONNECT_HOOK_FAILURES("connectHookFailures"),
  PROXY_REFUSED("proxyRefused"),
  TOO_LARGE("tooLarge"),
  PROTOCOL_ERRORS("protocolErrors"),
  EXCEPTIONS("exceptions"),
  BUSINESS_EVENTS("businessEvents"),
  BUSINESS_RETRIES("businessRetries"),
  BUSINESS_TIMEOUTS("businessTimeouts"),
  BUSINESS_FAILURES("businessFailures"),
  BUSINESS_DROPPED("businessDropped"),
  BUSINESS_PAUSES("businessPauses");

  static final Counter[] ALL = values();

  private final String key;

  Counter(String key) {
    this.key = key;
  }

  String key() {
    return key;
  }
}
