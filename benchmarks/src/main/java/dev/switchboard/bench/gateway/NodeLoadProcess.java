package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Node load-generator process of the gateway benchmark: started with its script and
 * arguments, registered for clean-up, its command line as the report shows it (ports, and secrets
 * the caller masks, replaced), and its processes once its {@code opened} line named them.
 *
 * <p>Not thread-safe: driven by the scenario's thread.
 */
final class NodeLoadProcess implements AutoCloseable {

  private final ChildProcess child;
  private final Cleanup.Registration registration;
  private final String command;
  private final List<Long> pids = new ArrayList<>();

  private NodeLoadProcess(ChildProcess child, Cleanup.Registration registration,
      String command) {
    this.child = child;
    this.registration = registration;
    this.command = command;
  }

  /**
   * @param node    the Node runtime
   * @param script  the script in {@code benchmarks/gateway}
   * @param name    what it is, for logs and the clean-up
   * @param args    its arguments
   * @param masked  the arguments as the report may show them (secrets replaced)
   * @param cleanup where the process is registered
   * @return the running process
   * @throws IOException when it cannot be started
   */
  static NodeLoadProcess start(NodeRuntime node, String script, String name, List<String> args,
      String masked, Cleanup cleanup) throws IOException {
    List<String> command = new ArrayList<>(List.of(node.node(), node.script(script)));
    command.addAll(args);
    ChildProcess child = ChildProcess.start(name, command, node.dir(), null);
    Cleanup.Registration registration = cleanup.register(name + " pid " + child.pid(), child);
    return new NodeLoadProcess(child, registration, "node benchmarks/gateway/" + script + " "
        + masked.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>"));
  }

  /** @return the process, to send commands to and read its lines from */
  ChildProcess child() {
    return child;
  }

  /**
   * Records the processes an {@code opened} line names (its own first, when the line leaves it
   * out).
   *
   * @param opened the line
   * @return the line
   */
  JsonObject opened(JsonObject opened) {
    JsonArray list = opened.getJsonArray("pids", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      pids.add(list.getLong(i));
    }
    if (!pids.contains(child.pid())) {
      pids.add(0, child.pid());
    }
    return opened;
  }

  /** @return its processes (known once open) */
  List<Long> pids() {
    return List.copyOf(pids);
  }

  /** @return its command line as the report shows it */
  String command() {
    return command;
  }

  /** Stops it if still running. */
  @Override
  public void close() {
    registration.close();
  }
}
