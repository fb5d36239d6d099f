package dev.switchboard.examples.faults;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.Host;
import dev.switchboard.testkit.LoopbackCluster;
import dev.switchboard.testkit.NetnsHosts;
import dev.switchboard.testkit.NodeMain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three hosts of a fault test ({@link NetnsHosts}) and the test JVM's clients of them: the
 * verticles each node runs (a channel server, a gateway with {@link FaultGroupHandler} or
 * forwarding to a business, {@link FaultControl}), WebSocket group clients, remote channel
 * clients, and the control port's calls.
 *
 * <p>Not thread-safe: driven by the test thread.
 */
final class FaultHosts implements AutoCloseable {

  /** The channel servers' client token. */
  static final String TOKEN = "fault-test-token-0123456789";
  /** Longest wait for the cluster to reach a size (a join, a member noticed gone, a merge). */
  static final Duration MEMBERS_WAIT = Duration.ofSeconds(60);

  final NetnsHosts hosts;
  final Vertx vertx = Vertx.vertx();
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions()
      .setKeepAlive(false));
  private final List<WebSocketClient> webSocketClients = new ArrayList<>();
  private final List<ChannelClient> channelClients = new ArrayList<>();

  FaultHosts() throws Exception {
    hosts = NetnsHosts.create(3);
  }

  /** @return the verticle of a channel server on the host's address */
  static String channelServer(Host host) {
    return NodeMain.verticle(ChannelServerVerticle.class.getName(),
        new JsonObject().put("host", host.address()).put("token", TOKEN));
  }

  /** @return the verticle of a gateway on the host's address with {@link FaultGroupHandler} */
  static String groupGateway(Host host) {
    return NodeMain.verticle(GatewayVerticle.class.getName(), new JsonObject()
        .put("host", host.address()).put("handler", FaultGroupHandler.class.getName()));
  }

  /**
   * @return the verticle of a gateway on the host's address with {@link PongHandler}, accepting
   *     WebSocket handshakes from any origin (a page served by another host's gateway)
   */
  static String browserGateway(Host host) {
    return NodeMain.verticle(GatewayVerticle.class.getName(), new JsonObject()
        .put("host", host.address()).put("handler", PongHandler.class.getName())
        .put("allowedOrigins", new JsonArray().add("*")));
  }

  /**
   * @return the verticle of a gateway on the host's address forwarding to business {@code
   *     business} with this {@code businessTimeout}
   */
  static String businessGateway(Host host, String business, long businessTimeout) {
    return NodeMain.verticle(GatewayVerticle.class.getName(), new JsonObject()
        .put("host", host.address()).put("business", business)
        .put("businessTimeout", businessTimeout));
  }

  /** @return the verticle of a business instance running {@link FaultBusinessHandler} */
  static String business(String business) {
    return NodeMain.verticle(BusinessVerticle.class.getName(), new JsonObject()
        .put("business", business).put("handler", FaultBusinessHandler.class.getName()));
  }

  /** @return the verticle of {@link FaultControl} on the host's address */
  static String control(Host host) {
    return NodeMain.verticle(FaultControl.class.getName(),
        new JsonObject().put("host", host.address()));
  }

  /**
   * Hazelcast's {@code max.no.heartbeat.seconds} on the fault tests' nodes: a member silent that
   * long is dropped. The kit's 5 s let two busy nodes of a loaded 2-core machine (load average
   * above 20 while other builds ran) drop each other during a flood; 10 s is still a third of the
   * freeze.
   */
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;

  /**
   * Starts a node on every host with these verticles and waits until the three form one cluster.
   */
  void start(java.util.function.Function<Host, List<String>> verticles) throws Exception {
    hosts.startNodes(this::memberConfig, verticles);
    awaitAllMembers();
  }

  /**
   * @return the kit's member configuration with {@link #MAX_NO_HEARTBEAT_SECONDS}, on Hazelcast's
   *     member endpoint ({@link LoopbackCluster#withMemberEndpointOnly}): with the default
   *     networking, the connection A and B open to a frozen C (its kernel accepts it, its JVM
   *     never answers) made an output IO thread of theirs spin, and the connection between A and
   *     B that the thread served stalled until they dropped each other
   */
  com.hazelcast.config.Config memberConfig(Host host) {
    return LoopbackCluster.withMemberEndpointOnly(hosts.memberConfig(host)
        .setProperty("hazelcast.max.no.heartbeat.seconds",
            Integer.toString(MAX_NO_HEARTBEAT_SECONDS)));
  }

  /** Waits until every host's node sees a cluster of three. */
  void awaitAllMembers() throws InterruptedException {
    hosts.awaitMembers(3, MEMBERS_WAIT, hosts.hosts().toArray(Host[]::new));
  }

  /** @return a group client of the gateway on that host, joined to the group */
  GroupClient join(Host host, String group) {
    WebSocketClient client = vertx.createWebSocketClient();
    webSocketClients.add(client);
    return GroupClient.join(client, host.address(), GatewayOptions.DEFAULT_PORT, group);
  }

  /** @return a remote channel client connected to the host's channel server */
  ChannelClient channelClient(Host host) {
    ChannelClient client = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServers(List.of(host.address() + ":" + ChannelServerOptions.DEFAULT_PORT))
        .setToken(TOKEN));
    channelClients.add(client);
    Await.result(client.connect(), Duration.ofSeconds(20), "connecting a channel client");
    return client;
  }

  /**
   * Calls a host's control port ({@link FaultControl}).
   *
   * @return the answer's JSON; failed when it is not a 200 within {@code timeout}
   */
  Future<JsonObject> call(Host host, HttpMethod method, String uri, Duration timeout) {
    return http.request(new RequestOptions().setMethod(method).setHost(host.address())
            .setPort(FaultControl.PORT).setURI(uri).setIdleTimeout(timeout.toMillis()))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200 ? response.body()
            : Future.failedFuture("HTTP " + response.statusCode()))
        .map(body -> new JsonObject(body));
  }

  /** @return a gateway's {@code GET /status} counters of the host's node, within 5 s */
  Future<JsonObject> gatewayStatus(Host host) {
    return http.request(new RequestOptions().setHost(host.address())
            .setPort(GatewayOptions.DEFAULT_PORT).setURI("/status").setIdleTimeout(5_000))
        .compose(request -> request.send())
        .compose(response -> response.body())
        .map(body -> new JsonObject(body));
  }

  /** @return the host's node's heap after a full collection, bytes */
  long heapAfterGc(Host host) {
    return Await.result(call(host, HttpMethod.GET, "/heap", Duration.ofSeconds(20)),
        Duration.ofSeconds(30), "reading the heap of " + host).getLong("heapUsed");
  }

  @Override
  public void close() {
    for (ChannelClient client : channelClients) {
      client.close();
    }
    for (WebSocketClient client : webSocketClients) {
      client.close();
    }
    Await.result(vertx.close());
    hosts.close();
  }
}
