package dev.switchboard.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/gateway-status}: a running gateway node's status as Workerman's {@code status} and
 * {@code connections} commands print it, from {@code GET /status} and {@code GET
 * /status/connections} (the latter on the status listener only, option {@code statusPort}); every
 * gateway node's with {@code --cluster}; refreshed every second with rates with {@code -d}.
 */
@Command(name = "gateway-status", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Prints a running Switchboard gateway node's status (GET /status), or its "
        + "connections (GET /status/connections, served by the status listener only: give "
        + "its address, option statusPort)."},
    footer = {"", "Exit status: 0 printed, 1 the node could not be read (one line says why), "
        + "2 bad usage.", "Examples:", "  bin/gateway-status 8282",
        "  bin/gateway-status 10.0.0.5:8282 --cluster -d",
        "  bin/gateway-status 127.0.0.1:9292 connections --cluster --limit 100"})
public final class GatewayStatus implements Callable<Integer> {

  @Parameters(arity = "0..2", paramLabel = "ADDRESS|connections",
      description = {"the node's address, host:port or a bare port on 127.0.0.1 (default "
          + "127.0.0.1:8282); then `connections` for the connection list"})
  private List<String> arguments = List.of();

  @Option(names = "--cluster", description = "every gateway node of the cluster")
  private boolean cluster;


  @Option(names = "--limit", paramLabel = "ROWS",
      description = "with connections --cluster: rows per node, 1 to 10000 (default 1000)")
  private Integer limit;


  @CommandLine.Mixin
  private ToolOptions tool = new ToolOptions();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  private final PrintStream out;

  /** @param out where the status goes */
  GatewayStatus(PrintStream out) {
    this.out = out;
  }

  /**
   * @param args the command line; {@code --help} for the usage
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return ToolOptions.execute(new GatewayStatus(out), "gateway-status", args, out, err);
  }

  @Override
  public Integer call() throws Exception {
    Address server = Address.parse("127.0.0.1:8282");
    boolean connections = false;
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.equals("connections") && !connections) {
        connections = true;
      } else if (i == 0) {
        server = convert(argument);
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '"
            + argument + "'");
      }
    }
    if (limit != null && (!connections || !cluster || limit < 1 || limit > 10_000)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--limit goes with connections --cluster, 1 to 10000 rows per node");
    }
    GatewayHttp http = new GatewayHttp(server, tool.timeout(spec));
    Address at = server;
    if (connections) {
      String path = cluster ? "/status/connections?cluster=true" + (limit == null ? ""
          : "&limit=" + limit) : "/status/connections";
      LiveLoop.Reader reader = () -> cluster
          ? (JsonObject) http.get(path, json -> json instanceof JsonObject o && o.containsKey(
              "connections"))
          : new JsonObject().put("connections", http.get(path, json -> json instanceof JsonArray));
      LiveLoop.Renderer render = (before, after, elapsed) -> cluster
          ? GatewayViews.clusterConnections(after)
          : GatewayViews.connections(after.getJsonArray("connections"));
      show(reader, render);
    } else {
      String path = cluster ? "/status?cluster=true" : "/status";
      LiveLoop.Reader reader = () -> (JsonObject) http.get(path, json -> json instanceof JsonObject o
          && (cluster ? o.containsKey("cluster") && o.containsKey("nodes")
          : o.containsKey("node") && o.containsKey("verticles")));
      LiveLoop.Renderer render = tool.live ? (before, after, elapsed) -> GatewayViews.live(at, before,
          after, elapsed) : (before, after, elapsed) -> cluster
          ? GatewayViews.clusterStatus(at, after) : GatewayViews.status(at, after);
      show(reader, render);
    }
    return 0;
  }

  private void show(LiveLoop.Reader reader, LiveLoop.Renderer render) throws Exception {
    JsonObject first = reader.read();
    if (tool.live) {
      LiveLoop.run(first, reader, render, tool.frames, out);
    } else {
      out.print(render.frame(null, first, 0));
      out.flush();
    }
  }

  private Address convert(String argument) {
    try {
      return Address.parse(argument);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
