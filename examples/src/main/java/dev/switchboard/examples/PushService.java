package dev.switchboard.examples;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.gateway.ClusterSendResult;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A business service outside the cluster, as a plain Java {@code main}: it joins no cluster and
 * opens no port. A remote {@link ChannelClient} to the channel servers carries its
 * {@link Gateway} calls ({@link Gateway#remote}), and {@link GlobalData} in client mode keeps a
 * shared counter. Every {@code --every} ms it counts one more push cluster-wide and pushes
 * {@code {"type":"push","text":"push #n ..."}} to a uid (chat users are bound by name) or to
 * everyone.
 *
 * <pre>SWITCHBOARD_GATEWAY_TOKEN=... java -cp examples/target/switchboard-all.jar \
 *     dev.switchboard.examples.PushService --channels 127.0.0.1:2206,127.0.0.1:2216 \
 *     --data 127.0.0.1:5701 --cluster NAME --uid alice --count 5</pre>
 *
 * <p>Options: {@code --channels} (default 127.0.0.1:2206), {@code --data} (GlobalData members,
 * default 127.0.0.1:5701), {@code --cluster} (the cluster's name, required unless
 * {@code SWITCHBOARD_CLUSTER_NAME} is set: there is no shared default), {@code --uid} (default:
 * everyone), {@code --every} ms (default 2000), {@code --count} (default 0: until stopped),
 * {@code --gateway-token} (default: the environment variable {@value #TOKEN_VARIABLE}; a
 * command line is visible to every user of the machine): the channel servers'
 * {@code gatewayToken}, which the gateway API's reserved channels need.
 */
public final class PushService {

  /** GlobalData key of the cluster-wide push counter. */
  public static final String PUSHES = "examples.pushes";

  /** Environment variable holding the cluster name, as for {@code bin/vertx}. */
  public static final String CLUSTER_NAME_VARIABLE = "SWITCHBOARD_CLUSTER_NAME";

  private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

  /** Environment variable with the channel servers' {@code gatewayToken}: {@value}. */
  public static final String TOKEN_VARIABLE = "SWITCHBOARD_GATEWAY_TOKEN";

  /** Options, as given on the command line. */
  public record Options(List<String> channels, List<String> data, String cluster, String uid,
      long every, int count, String gatewayToken) {

    /**
     * @param args           the command line
     * @param clusterVariable the value of {@code SWITCHBOARD_CLUSTER_NAME}, or null
     */
    static Options parse(String[] args, String clusterVariable) {
      List<String> channels = List.of("127.0.0.1:2206");
      List<String> data = List.of(GlobalDataOptions.DEFAULT_MEMBER);
      String cluster = clusterVariable;
      String uid = null;
      long every = 2_000;
      int count = 0;
      // the gateway's channels are reserved: this service needs the gateway role's token
      String gatewayToken = System.getenv(TOKEN_VARIABLE);
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--channels" -> channels = Arrays.asList(value.split(","));
          case "--data" -> data = Arrays.asList(value.split(","));
          case "--cluster" -> cluster = value;
          case "--uid" -> uid = value;
          case "--every" -> every = Long.parseLong(value);
          case "--count" -> count = Integer.parseInt(value);
          case "--gateway-token" -> gatewayToken = value;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (cluster == null || cluster.isBlank()) {
        throw new IllegalArgumentException("--cluster NAME is needed (or "
            + CLUSTER_NAME_VARIABLE + "): the name of the cluster, which has no default");
      }
      return new Options(channels, data, cluster, uid, every, count, gatewayToken);
    }
  }

  private PushService() {
  }

  /**
   * @param args the options above
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args, System.getenv(CLUSTER_NAME_VARIABLE));
    } catch (IllegalArgumentException e) {
      System.err.println("PushService: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Future<Void> done = run(vertx, options);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()
        .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join()));
    int status = done.transform(ar -> {
      if (ar.failed()) {
        LOG.error("PushService failed", ar.cause());
      }
      return vertx.close().map(ar.succeeded() ? 0 : 1);
    }).toCompletionStage().toCompletableFuture().join();
    System.exit(status);
  }

  /**
   * Runs the service on a Vert.x instance (not clustered).
   *
   * @param vertx   the instance
   * @param options what to do
   * @return completed after {@code count} pushes (never, for 0), with the clients closed
   */
  public static Future<Void> run(Vertx vertx, Options options) {
    ChannelClient channels = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServers(options.channels()).setToken(options.gatewayToken()));
    return channels.connect()
        .compose(v -> Future.all(Gateway.remote(vertx, channels), GlobalData.client(vertx,
            new GlobalDataOptions().setMembers(options.data())
                .setClusterName(options.cluster()))))
        .compose(both -> {
          Gateway gateway = both.resultAt(0);
          GlobalData data = both.resultAt(1);
          LOG.info("PushService connected: channels {}, data {}; pushing to {} every {} ms",
              options.channels(), options.data(),
              options.uid() == null ? "everyone" : "uid " + options.uid(), options.every());
          Promise<Void> finished = Promise.promise();
          push(vertx, gateway, data, options, 0, finished);
          return finished.future().eventually(() -> Future.join(gateway.close(), data.close()));
        })
        .eventually(channels::close);
  }

  private static void push(Vertx vertx, Gateway gateway, GlobalData data, Options options,
      int done, Promise<Void> finished) {
    if (options.count() > 0 && done >= options.count()) {
      finished.complete();
      return;
    }
    vertx.setTimer(options.every(), t -> data.incrementOrCreate(PUSHES, 1)
        .compose(n -> {
          String push = new JsonObject().put("type", "push")
              .put("text", "push #" + n + " from the business service").encode();
          Future<ClusterSendResult> sent = options.uid() == null ? gateway.sendToAll(push)
              : gateway.sendToUid(options.uid(), push);
          return sent.map(result -> {
            LOG.info("push #{}: {} client(s) on {} node(s)", n, result.total().accepted(),
                result.byNode().size());
            return null;
          });
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("push failed: {}", ar.cause().getMessage());
          }
          push(vertx, gateway, data, options, done + 1, finished);
        }));
  }
}
