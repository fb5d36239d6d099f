package dev.switchboard.status;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * {@code bin/channel-status}: the counters of a running channel server and of its node as JSON,
 * through the protocol's {@code status} request; every node's of the channel space with
 * {@code --cluster}; refreshed every second as a table with rates with {@code -d}. The token comes
 * from {@value #TOKEN_VARIABLE} (a token on the command line is visible in {@code ps}).
 */
@Command(name = "channel-status", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Prints the counters of a running Switchboard channel server and of its node "
        + "as JSON (the protocol's status request)."},
    footer = {"", "Environment:", "  " + ChannelStatus.TOKEN_VARIABLE + "  the server's token "
        + "(preferred to the TOKEN argument, which other users see in ps)", "",
        "Exit status: 0 printed, 1 the server could not be read (one line says why), 2 bad "
            + "usage.", "Examples:", "  bin/channel-status 2206",
        "  bin/channel-status sb1.example.com:2206 --ca /etc/switchboard/tls/ca.pem",
        "  SWITCHBOARD_CHANNEL_TOKEN=... bin/channel-status 10.0.0.5:2206 --cluster -d"})
public final class ChannelStatus implements Callable<Integer> {

  /** The environment variable holding the server's token: {@value}. */
  public static final String TOKEN_VARIABLE = "SWITCHBOARD_CHANNEL_TOKEN";

  @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS",
      converter = Address.Converter.class,
      description = "the server, host:port or a bare port on 127.0.0.1 (default 127.0.0.1:2206)")
  private Address server = Address.parse(ChannelClientOptions.DEFAULT_SERVER);

  @Parameters(index = "1", arity = "0..1", paramLabel = "TOKEN",
      description = "the server's token; visible to other users in ps: prefer "
          + TOKEN_VARIABLE)
  private String token;

  @Option(names = "--cluster", description = "every node of the channel space")
  private boolean cluster;

  @Option(names = "--tls", description = "connect with TLS (a server with ssl on); its "
      + "certificate must be trusted (--ca, else the JVM's trust store) and name the host given")
  private boolean tls;

  @Option(names = "--ca", paramLabel = "PEM", description = "trust the certificates of this PEM "
      + "file (the CA that signed the server's certificate, or that certificate); implies --tls")
  private Path ca;


  @CommandLine.Mixin
  private ToolOptions tool = new ToolOptions();

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  ChannelStatus(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /**
   * @param args the command line; {@code --help} for the usage
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return ToolOptions.execute(new ChannelStatus(out, err, env), "channel-status", args, out, err);
  }

  @Override
  public Integer call() throws Exception {
    Duration bound = tool.timeout(spec);
    if (token != null) {
      err.println("channel-status: a token on the command line is visible to other users in ps;"
          + " prefer " + TOKEN_VARIABLE);
    } else {
      token = environment.get(TOKEN_VARIABLE);
    }
    boolean secure = tls || ca != null;
    ChannelProbe.check(server, bound, secure ? ProbeTls.trusting(ca) : null);
    // a cluster status waits up to 3 s for each node on the server's side
    long requestTimeout = bound.toMillis() + (cluster ? 3_000 : 0);
    ChannelClient client = ChannelClient.create(new ChannelClientOptions()
        .setServer(server.toString()).setToken(token == null || token.isEmpty() ? null : token)
        .setConnectTimeout(bound.toMillis()).setRequestTimeout(requestTimeout)
        .setSsl(secure).setPemTrustPath(ca == null ? null : ca.toString()));
    try {
      Function<ChannelClient, Future<JsonObject>> ask = cluster ? ChannelClient::clusterStatus
          : ChannelClient::status;
      LiveLoop.Reader reader = () -> read(ask.apply(client), requestTimeout + 1_000);
      JsonObject first = reader.read();
      if (tool.live) {
        LiveLoop.run(first, reader, (before, after, elapsed) -> ChannelViews.live(server,
            before, after, elapsed), tool.frames, out);
      } else {
        out.println(first.encodePrettily());
      }
    } finally {
      client.close();
    }
    return 0;
  }

  private JsonObject read(Future<JsonObject> status, long boundMs) throws StatusException {
    try {
      return status.toCompletionStage().toCompletableFuture().get(boundMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new StatusException(server + ": no status within " + boundMs / 1000.0 + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ChannelException refused
          && (refused.reason() == ChannelException.Reason.AUTH_FAILED
          || refused.reason() == ChannelException.Reason.AUTH_REQUIRED)) {
        throw new StatusException(server + ": " + refused.reason() + ": the server wants its"
            + " token: set " + TOKEN_VARIABLE);
      }
      throw new StatusException(server + ": " + cause.getMessage());
    }
  }
}
