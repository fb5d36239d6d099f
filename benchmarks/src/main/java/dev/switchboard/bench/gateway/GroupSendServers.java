package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.ChildJvm;
import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.RedisServer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side of the cross-node group send ({@link GroupSendScenario}), every process a child on
 * 127.0.0.1 and a free port, registered with the {@link Cleanup}:
 *
 * <ul>
 *   <li>ours: {@value #NODES} gateway node JVMs and a sender node JVM ({@link GroupSendNode}) in
 *       one Hazelcast cluster of their own (a random cluster name);</li>
 *   <li>Socket.IO: a private redis-server ({@link RedisServer}), {@value #NODES} member
 *       processes and a sender process ({@code socketio-group-server.js}) joined by
 *       {@code @socket.io/redis-adapter} through it.</li>
 * </ul>
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class GroupSendServers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSendServers.class);

  /** Receiving nodes. */
  static final int NODES = 2;
  /** The group (Socket.IO: the room) every receiving connection joins. */
  static final String GROUP = "bench";

  private static final Pattern OUR_READY = Pattern.compile("^READY port=(\\d+) member=(\\S+)");
  private static final Pattern NODE_READY = Pattern.compile("^READY port=(\\d+)");
  private static final Duration START_BOUND = Duration.ofSeconds(90);
  /** How long the sender may take to answer past the members bound it was given. */
  private static final Duration ANSWER_SLACK = Duration.ofSeconds(15);

  private final ServerKind kind;
  private final List<Cleanup.Registration> registrations = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();
  private final List<Integer> receiverPorts = new ArrayList<>();
  private final List<String> commands = new ArrayList<>();
  private ChildProcess sender;
  private int senderPort;
  private String redisVersion;

  private GroupSendServers(ServerKind kind) {
    this.kind = kind;
  }

  /**
   * Starts one side: the receiving nodes one after the other, then the sender.
   *
   * @param kind    {@link ServerKind#OURS} or {@link ServerKind#SOCKET_IO}
   * @param node    the Node runtime (for the Socket.IO side)
   * @param options the run's options
   * @param cleanup where the processes are registered
   * @return the running side
   * @throws Exception when a process does not start
   */
  static GroupSendServers start(ServerKind kind, NodeRuntime node, GatewayBenchOptions options,
                                Cleanup cleanup) throws Exception {
    GroupSendServers servers = new GroupSendServers(kind);
    try {
      if (kind == ServerKind.OURS) {
        servers.startOurs(options, cleanup);
      } else if (kind == ServerKind.SOCKET_IO) {
        servers.startSocketIo(node, options, cleanup);
      } else {
        throw new IllegalArgumentException(kind.label() + " has no group send");
      }
      return servers;
    } catch (Exception | Error e) {
      servers.close();
      throw e;
    }
  }

  private void startOurs(GatewayBenchOptions options, Cleanup cleanup) throws IOException {
    String cluster = "sb-bench-" + UUID.randomUUID();
    Path here = Path.of("").toAbsolutePath();
    List<String> members = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      Matcher ready = start("ours gateway node " + i, ourCommand("gateway", cluster, members,
          options.maxSendBuffer()), here, OUR_READY, cleanup).ready();
      receiverPorts.add(Integer.parseInt(ready.group(1)));
      members.add(ready.group(2));
    }
    Started started = start("ours sender node", ourCommand("sender", cluster, members,
        options.maxSendBuffer()), here, OUR_READY, cleanup);
    sender = started.child();
    senderPort = Integer.parseInt(started.ready().group(1));
  }

  private List<String> ourCommand(String role, String cluster, List<String> members,
                                  int maxSendBuffer) {
    List<String> command = new ArrayList<>(ChildJvm.command(GatewayServer.OUR_HEAP_FLAGS,
        GroupSendNode.class, List.of("--role", role, "--cluster", cluster, "--group", GROUP,
            "--port", "0")));
    if (!members.isEmpty()) {
      command.addAll(List.of("--members", String.join(",", members)));
    }
    if ("gateway".equals(role)) {
      command.addAll(List.of("--max-send-buffer", String.valueOf(maxSendBuffer)));
    }
    return command;
  }

  private void startSocketIo(NodeRuntime node, GatewayBenchOptions options, Cleanup cleanup)
      throws Exception {
    RedisServer redis = RedisServer.start(options.redisServer());
    registrations.add(cleanup.register("redis-server pid " + redis.pid(), redis));
    pids.add(redis.pid());
    redisVersion = redis.version();
    commands.add("redis-server: `" + Path.of(options.redisServer()).getFileName()
        + " --bind 127.0.0.1 --port <port> --save '' --appendonly no`");
    for (int i = 1; i <= NODES; i++) {
      Matcher ready = start("Socket.IO member " + i, nodeCommand(node, "member", redis.port()),
          node.dir(), NODE_READY, cleanup).ready();
      receiverPorts.add(Integer.parseInt(ready.group(1)));
    }
    Started started = start("Socket.IO sender", nodeCommand(node, "sender", redis.port()),
        node.dir(), NODE_READY, cleanup);
    sender = started.child();
    senderPort = Integer.parseInt(started.ready().group(1));
  }

  private static List<String> nodeCommand(NodeRuntime node, String role, int redisPort) {
    return List.of(node.node(), "--expose-gc", node.script("socketio-group-server.js"),
        "--role", role, "--room", GROUP, "--redis-port", String.valueOf(redisPort), "--port",
        "0");
  }

  /** A process started and ready. */
  private record Started(ChildProcess child, Matcher ready) {
  }

  private Started start(String name, List<String> command, Path directory, Pattern readyLine,
                        Cleanup cleanup) throws IOException {
    ChildProcess child = ChildProcess.start(name, command, directory, readyLine);
    registrations.add(cleanup.register(name + " pid " + child.pid(), child));
    pids.add(child.pid());
    commands.add(name + ": `" + shown(command) + "`");
    Matcher ready = child.awaitReady(START_BOUND);
    LOG.info("{} pid {} listening on 127.0.0.1:{}", name, child.pid(), ready.group(1));
    return new Started(child, ready);
  }

  /** The command for the report: no class path, no random or per-run values. */
  private static String shown(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    for (int i = 0; i + 1 < shown.size(); i++) {
      switch (shown.get(i)) {
        case "-cp" -> shown.set(i + 1, "<benchmarks class path>");
        case "--cluster" -> shown.set(i + 1, "<random name>");
        case "--members" -> shown.set(i + 1, "<member addresses of the nodes before>");
        case "--redis-port" -> shown.set(i + 1, "<port>");
        default -> {
          if (shown.get(i).endsWith(".js")) {
            shown.set(i, "benchmarks/gateway/" + Path.of(shown.get(i)).getFileName());
          }
        }
      }
    }
    if (shown.get(0).endsWith("node") || shown.get(0).endsWith("java")) {
      shown.set(0, Path.of(shown.get(0)).getFileName().toString());
    }
    return String.join(" ", shown);
  }

  /**
   * Waits until the sender's node counts every receiving connection in the group.
   *
   * @param expected the receiving connections
   * @param bound    the longest wait
   * @throws IllegalStateException when they are not all members in time
   */
  void awaitMembers(int expected, Duration bound) {
    sender.send("await-members " + expected + " " + bound.toMillis());
    JsonObject answer = sender.nextJson(bound.plus(ANSWER_SLACK), "the group's member count");
    if (!answer.getBoolean("reached", false)) {
      throw new IllegalStateException("the sender's node counts " + answer.getInteger("members",
          -1) + " of " + expected + " connections in the group after " + bound.toSeconds()
          + " s");
    }
    LOG.info("{}: the sender's node counts {} members in group {}", kind.label(),
        answer.getInteger("members"), GROUP);
  }

  /**
   * @return the WebSocket URLs of the receiving nodes
   */
  List<String> receiverUrls() {
    return receiverPorts.stream().map(kind::url).toList();
  }

  /**
   * @return the WebSocket URL of the sender's node
   */
  String senderUrl() {
    return kind.url(senderPort);
  }

  /**
   * @return every server-side process: the nodes, the sender, redis-server
   */
  List<Long> pids() {
    return List.copyOf(pids);
  }

  /**
   * @return which side
   */
  ServerKind kind() {
    return kind;
  }

  /**
   * @return how each process was started, for the report
   */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /**
   * @return what {@code redis-server --version} printed, or null (ours)
   */
  String redisVersion() {
    return redisVersion;
  }

  /** Stops every process, the sender first, redis-server last. */
  @Override
  public void close() {
    for (int i = registrations.size() - 1; i >= 0; i--) {
      registrations.get(i).close();
    }
  }
}
