package dev.switchboard.gateway.impl.workerman;

/**
 * The command numbers of GatewayWorker's inner protocol (the {@code cmd} byte of a
 * {@link GatewayPacket}), as its {@code GatewayProtocol} numbers them: events a gateway sends to a
 * BusinessWorker (1, 3, 4, 205), commands a BusinessWorker or a GatewayClient sends to a gateway
 * (5 to 28, 203, 204), and the connection's own (200 to 202).
 *
 * <p>Threading: constants only.
 */
public final class GatewayCommand {

  /** Gateway to worker: a client connected. */
  public static final int ON_CONNECT = 1;
  /** Gateway to worker: a client's message. */
  public static final int ON_MESSAGE = 3;
  /** Gateway to worker: a client closed. */
  public static final int ON_CLOSE = 4;
  /** Send the body to one connection ({@code connection_id}). */
  public static final int SEND_TO_ONE = 5;
  /** Send the body to every connection, or those in ext_data's {@code connections}. */
  public static final int SEND_TO_ALL = 6;
  /** Close one connection gracefully, after the body. */
  public static final int KICK = 7;
  /** Close one connection at once. */
  public static final int DESTROY = 8;
  /** Merge ext_data (a serialized array) into a connection's session. */
  public static final int UPDATE_SESSION = 9;
  /** Query: every connection's session. */
  public static final int GET_ALL_CLIENT_SESSIONS = 10;
  /** Query: whether a connection is open (0 or 1). */
  public static final int IS_ONLINE = 11;
  /** Bind a connection to the uid in ext_data. */
  public static final int BIND_UID = 12;
  /** Unbind a connection from its uid. */
  public static final int UNBIND_UID = 13;
  /** Send the body to the connections of the uids in ext_data (a JSON array). */
  public static final int SEND_TO_UID = 14;
  /** Query: the connection ids bound to the uid in ext_data. */
  public static final int GET_CLIENT_ID_BY_UID = 15;
  /** Query: the connection ids of each uid in ext_data (a JSON array). */
  public static final int BATCH_GET_CLIENT_ID_BY_UID = 16;
  /** Add a connection to the group in ext_data. */
  public static final int JOIN_GROUP = 20;
  /** Remove a connection from the group in ext_data. */
  public static final int LEAVE_GROUP = 21;
  /** Send the body to the groups in ext_data ({@code group}, {@code exclude}). */
  public static final int SEND_TO_GROUP = 22;
  /** Query: the sessions of the group in ext_data's connections. */
  public static final int GET_CLIENT_SESSIONS_BY_GROUP = 23;
  /** Query: the connection count of the group in ext_data ({@code ''}: every connection). */
  public static final int GET_CLIENT_COUNT_BY_GROUP = 24;
  /** Query: fields of connections matching ext_data's {@code where}. */
  public static final int SELECT = 25;
  /** Query: the groups that have connections. */
  public static final int GET_GROUP_ID_LIST = 26;
  /** Empty the group in ext_data. */
  public static final int UNGROUP = 27;
  /** Query: the connection count of each group in ext_data (a JSON array). */
  public static final int BATCH_GET_CLIENT_COUNT_BY_GROUP = 28;
  /** A BusinessWorker authenticates (body: JSON with {@code worker_key}, {@code secret_key}). */
  public static final int WORKER_CONNECT = 200;
  /** A ping. */
  public static final int PING = 201;
  /** A GatewayClient authenticates (body: JSON with {@code secret_key}). */
  public static final int GATEWAY_CLIENT_CONNECT = 202;
  /** Query: one connection's session (the serialized string itself). */
  public static final int GET_SESSION_BY_CLIENT_ID = 203;
  /** Replace a connection's session with ext_data (a serialized array). */
  public static final int SET_SESSION = 204;
  /** Gateway to worker: a WebSocket client's handshake. */
  public static final int ON_WEBSOCKET_CONNECT = 205;

  private GatewayCommand() {
  }

  /**
   * @param cmd a command number
   * @return whether a connection authenticates with it
   */
  public static boolean authenticates(int cmd) {
    return cmd == WORKER_CONNECT || cmd == GATEWAY_CLIENT_CONNECT;
  }

  /**
   * @param cmd a command number
   * @return whether a gateway answers it with a reply ({@code pack('N', len) . serialize(x)})
   */
  public static boolean isQuery(int cmd) {
    return switch (cmd) {
      case GET_ALL_CLIENT_SESSIONS, IS_ONLINE, GET_CLIENT_ID_BY_UID, BATCH_GET_CLIENT_ID_BY_UID,
          GET_CLIENT_SESSIONS_BY_GROUP, GET_CLIENT_COUNT_BY_GROUP, SELECT, GET_GROUP_ID_LIST,
          BATCH_GET_CLIENT_COUNT_BY_GROUP, GET_SESSION_BY_CLIENT_ID -> true;
      default -> false;
    };
  }
}
