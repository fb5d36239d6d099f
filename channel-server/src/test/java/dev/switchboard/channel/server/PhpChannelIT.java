package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusteredTestBase;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workerman Channel's protocol on real clustered channel servers, spoken by PHP itself (the
 * project's scripts in testkit/src/main/php, with PHP's own serialize()/unserialize()): PHP and
 * JSON clients, remote and local, share one channel space across nodes, with the data converted
 * both ways; publishLoop shares the events between subscribers of every node.
 */
class PhpChannelIT extends ClusteredTestBase {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChannelHarness harness = new ChannelHarness();
  private final PhpScripts scripts = new PhpScripts();

  @AfterEach
  void stop() throws Exception {
    scripts.close();
    harness.close();
  }

  private PhpProcess php(String script, Object... args) throws Exception {
    return scripts.start(script, args);
  }

  private PhpProcess subscriber(ChannelServer server, String channels, Object... more)
      throws Exception {
    List<Object> args = new ArrayList<>(List.of("127.0.0.1", server.actualPort(), channels));
    args.addAll(List.of(more));
    PhpProcess process = php("channel_subscriber.php", args.toArray());
    process.awaitLine(line -> line.startsWith("subscribed "), WAIT);
    return process;
  }

  private PhpProcess publisher(ChannelServer server, String type, String channels, int count,
      String data, String... more) throws Exception {
    List<Object> args = new ArrayList<>(List.of("127.0.0.1", server.actualPort(), type, channels,
        count, data));
    args.addAll(List.of(more));
    PhpProcess process = php("channel_publisher.php", args.toArray());
    process.awaitLine(line -> line.equals("published " + count), WAIT);
    return process;
  }

  /** Waits until a server holds this many subscriptions (a PHP subscribe is never answered). */
  private static void awaitSubscriptions(Vertx vertx, ChannelServer server, long count) {
    Await.condition(vertx, 20, () -> Future.succeededFuture(
        server.stats().getLong("subscriptions") == count));
  }

  /** Waits until a node knows of this many channels with subscribers on other nodes. */
  private void awaitRemoteChannels(int node, long count) {
    ChannelClient local = harness.local(cluster.vertx(node));
    Await.condition(cluster.vertx(node), 20, () -> local.status()
        .map(status -> status.getLong("remoteChannels") >= count));
  }

  private static String line(PhpProcess process, String prefix) throws InterruptedException {
    return process.awaitLine(line -> line.startsWith(prefix), WAIT);
  }

  private static List<String> events(PhpProcess process) {
    return process.lines().stream().filter(line -> line.startsWith("event ")).toList();
  }

  private static void assertNoBadFrame(PhpProcess process) {
    assertThat(process.lines()).noneMatch(line -> line.startsWith("bad ")
        || line.equals("closed"));
  }

  @Test
  void aPhpPublishReachesAPhpSubscriberOnAnotherNode() throws Exception {
    startNodes(2);
    ChannelServer first = harness.server(cluster.vertx(0));
    ChannelServer second = harness.server(cluster.vertx(1));
    PhpProcess sub = subscriber(second, "news,prices", "--ping");
    awaitSubscriptions(cluster.vertx(1), second, 2);
    awaitRemoteChannels(0, 2);

    PhpProcess pub = publisher(first, "publish", "news,prices", 3, "seq", "--newline");

    for (int seq = 1; seq <= 3; seq++) {
      int n = seq;
      sub.awaitLine(line -> line.equals("event news " + n), WAIT);
      sub.awaitLine(line -> line.equals("event prices " + n), WAIT);
    }
    assertThat(events(sub)).containsExactly("event news 1", "event prices 1", "event news 2",
        "event prices 2", "event news 3", "event prices 3");
    assertNoBadFrame(sub);
    assertNoBadFrame(pub);
    assertThat(first.stats().getLong("phpConnections")).isEqualTo(1);
    assertThat(second.stats().getLong("phpConnections")).isEqualTo(1);
    assertThat(first.stats().getLong("protocolErrors")).isZero();
    assertThat(second.stats().getLong("protocolErrors")).isZero();
  }

  @Test
  void dataGoesBetweenPhpAndJsonClientsConvertedBothWays() throws Exception {
    startNodes(3);
    ChannelServer first = harness.server(cluster.vertx(0));
    ChannelServer second = harness.server(cluster.vertx(1));
    ChannelServer third = harness.server(cluster.vertx(2));
    ChannelClient remote = harness.remote(cluster.vertx(1), second);
    ChannelClient local = harness.local(cluster.vertx(2));
    Inbox remoteInbox = new Inbox();
    Inbox localInbox = new Inbox();
    Await.result(remote.on("mixed", remoteInbox));
    Await.result(local.on("mixed", localInbox));
    PhpProcess sub = subscriber(third, "mixed");
    awaitSubscriptions(cluster.vertx(2), third, 1);
    awaitRemoteChannels(0, 1);

    // PHP -> JSON (a remote client of another node, a local client of a third) and PHP
    PhpProcess pub = publisher(first, "publish", "mixed", 1, "mixed");
    String sent = line(pub, "sent ").substring("sent ".length());
    JsonObject expected = new JsonObject(sent);
    for (Inbox inbox : List.of(remoteInbox, localInbox)) {
      ChannelMessage message = inbox.next();
      assertThat(message.channel()).isEqualTo("mixed");
      assertThat(new JsonObject(Json.encode(message.data()))).isEqualTo(expected);
    }
    assertThat(line(sub, "event mixed ")).isEqualTo("event mixed " + sent);

    // JSON -> PHP: what PHP reads back is what PHP wrote, value for value (ints stay ints,
    // 2.0 stays a float, {"5": …} becomes the int key 5, [] an empty array)
    Await.result(remote.publish("mixed", expected.copy().put("seq", 2)));
    Await.result(local.publish("mixed", expected.copy().put("seq", 3)));
    String second2 = sent.replace("{\"seq\":1,", "{\"seq\":2,");
    String third3 = sent.replace("{\"seq\":1,", "{\"seq\":3,");
    sub.awaitLine(line -> line.equals("event mixed " + second2), WAIT);
    sub.awaitLine(line -> line.equals("event mixed " + third3), WAIT);
    assertNoBadFrame(sub);
    assertNoBadFrame(pub);
  }

  @Test
  void publishLoopGivesEachEventToExactlyOneSubscriberOfTheCluster() throws Exception {
    startNodes(3);
    List<ChannelServer> servers = List.of(harness.server(cluster.vertx(0)),
        harness.server(cluster.vertx(1)), harness.server(cluster.vertx(2)));
    // two subscribers on the publisher's node, one on each other node
    List<PhpProcess> subs = new ArrayList<>();
    subs.add(subscriber(servers.get(0), "jobs,end"));
    for (int i = 0; i < 3; i++) {
      subs.add(subscriber(servers.get(i), "jobs,end"));
      awaitSubscriptions(cluster.vertx(i), servers.get(i), i == 0 ? 4 : 2);
    }
    for (int i = 0; i < 3; i++) {
      awaitRemoteChannels(i, 2);
    }

    publisher(servers.get(0), "publishLoop", "jobs", 30, "seq", "--then", "end");
    // the end marker goes to everyone after the loop's events, on the same paths
    for (PhpProcess sub : subs) {
      sub.awaitLine(line -> line.equals("event end \"end\""), WAIT);
    }
    assertLoopShared(subs, 30);

    // the same from Java: a JSON client's publishLoop, from another node
    ChannelClient java = harness.remote(cluster.vertx(1), servers.get(1));
    for (int seq = 31; seq <= 60; seq++) {
      Await.result(java.publishLoop("jobs", seq));
    }
    Await.result(java.publish("end", "end2"));
    for (PhpProcess sub : subs) {
      sub.awaitLine(line -> line.equals("event end \"end2\""), WAIT);
    }
    assertLoopShared(subs, 60);

    // and from an in-process client of the third node
    ChannelClient local = harness.local(cluster.vertx(2));
    for (int seq = 61; seq <= 90; seq++) {
      Await.result(local.publishLoop("jobs", seq));
    }
    Await.result(local.publish("end", "end3"));
    for (PhpProcess sub : subs) {
      sub.awaitLine(line -> line.equals("event end \"end3\""), WAIT);
    }
    assertLoopShared(subs, 90);
  }

  @Test
  void publishLoopOnOneNodeTakesItsSubscribersInTurn() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0));
    List<PhpProcess> subs = List.of(subscriber(server, "jobs,end"),
        subscriber(server, "jobs,end"));
    awaitSubscriptions(cluster.vertx(0), server, 4);
    publisher(server, "publishLoop", "jobs", 10, "seq", "--then", "end");
    for (PhpProcess sub : subs) {
      sub.awaitLine(line -> line.equals("event end \"end\""), WAIT);
    }
    assertLoopShared(subs, 10);
    // Workerman's round robin: one each in turn
    for (PhpProcess sub : subs) {
      assertThat(events(sub).stream().filter(l -> l.startsWith("event jobs "))).hasSize(5);
    }
  }

  /** Every event 1..count went to exactly one subscriber, and every subscriber got some. */
  private static void assertLoopShared(List<PhpProcess> subs, int count) {
    Set<String> seen = new HashSet<>();
    int total = 0;
    for (PhpProcess sub : subs) {
      List<String> jobs = events(sub).stream().filter(l -> l.startsWith("event jobs ")).toList();
      assertThat(jobs).as("a subscriber's share").isNotEmpty();
      total += jobs.size();
      seen.addAll(jobs);
      assertNoBadFrame(sub);
    }
    assertThat(total).isEqualTo(count);
    assertThat(seen).hasSize(count);
  }

  @Test
  void anUnsubscribedChannelNoLongerReachesThePhpClient() throws Exception {
    startNodes(2);
    ChannelServer first = harness.server(cluster.vertx(0));
    ChannelServer second = harness.server(cluster.vertx(1));
    PhpProcess sub = subscriber(second, "news,ctl", "--unsubscribe-after", "1:news");
    awaitSubscriptions(cluster.vertx(1), second, 2);
    awaitRemoteChannels(0, 2);
    ChannelClient java = harness.remote(cluster.vertx(0), first);

    Await.result(java.publish("news", "one"));
    line(sub, "unsubscribed news");
    awaitSubscriptions(cluster.vertx(1), second, 1);
    Await.result(java.publish("news", "two"));
    Await.result(java.publish("ctl", "after"));
    sub.awaitLine(line -> line.equals("event ctl \"after\""), WAIT);

    assertThat(events(sub)).containsExactly("event news \"one\"", "event ctl \"after\"");
    assertNoBadFrame(sub);
  }

  @Test
  void aPhpClientFromAnAddressOutsidePhpClientsFromIsClosedAndCounted() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setPhpClientsFrom(List.of("127.0.0.2/32", "fd00::/8")));
    PhpProcess sub = subscriber(server, "news"); // from 127.0.0.1
    line(sub, "closed");
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("phpRefused") == 1 && server.stats().getLong("connections") == 0));
    assertThat(server.stats().getLong("phpConnections")).isZero();
    assertThat(server.stats().getLong("subscriptions")).isZero();
    assertThat(sub.lines()).noneMatch(line -> line.startsWith("bad ")); // closed without a frame

    // JSON clients of the same address are served as before, pings answered from the start
    ChannelClient java = harness.remote(cluster.vertx(0), server);
    Inbox inbox = new Inbox();
    Await.result(java.on("news", inbox));
    Await.result(java.publish("news", 1));
    assertThat(inbox.next().data()).isEqualTo(1);
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new byte[] {0, 0, 0, 4});
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "pong"));
    }
    // the PHP protocol from the listed address is served
    try (RawClient php = new RawClient("127.0.0.2", server.actualPort())) {
      php.send(RawClient.frame("a:2:{s:4:\"type\";s:9:\"subscribe\";s:8:\"channels\";"
          + "a:1:{i:0;s:4:\"news\";}}"));
      awaitSubscriptions(cluster.vertx(0), server, 2);
      Await.result(java.publish("news", 2));
      assertThat(inbox.next().data()).isEqualTo(2);
      assertThat(new String(php.readPayload(), StandardCharsets.UTF_8))
          .isEqualTo("a:3:{s:4:\"type\";s:5:\"event\";s:7:\"channel\";s:4:\"news\";"
              + "s:4:\"data\";i:2;}");
    }
    assertThat(server.stats().getLong("phpConnections")).isEqualTo(1);
    assertThat(server.stats().getLong("phpRefused")).isEqualTo(1);
  }

  @Test
  void anIdleJavaClientWhereClientsMaySpeakPhpKeepsItsConnection() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0));
    // no pong before a first request from an address that may speak PHP: a raw ping is ignored
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new byte[] {0, 0, 0, 4});
      raw.send(RawClient.frame("{\"type\":\"status\",\"id\":1}"));
      assertThat(raw.read().getString("type")).isEqualTo("status");
      raw.send(new byte[] {0, 0, 0, 4});
      assertThat(raw.read()).isEqualTo(new JsonObject().put("type", "pong"));
    }
    // our client's first keep-alive is a status request, so its pings are answered
    harness.remote(cluster.vertx(0), ChannelHarness.to(server).setPingInterval(100)
        .setPongTimeout(100));
    long probe = 4 + "{\"type\":\"status\"}".length();
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("bytesIn") >= probe + 20 * 4));
    assertThat(server.stats().getLong("connectionsTotal")).isEqualTo(2);
    assertThat(server.stats().getLong("connections")).isEqualTo(1);
  }

  @Test
  void anEmptyPhpClientsFromTurnsThePhpProtocolOff() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setPhpClientsFrom(List.of()));
    PhpProcess pub = php("channel_publisher.php", "127.0.0.1", server.actualPort(), "publish",
        "news", 1, "seq");
    pub.awaitExit(WAIT);
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("phpRefused") == 1));
    assertThat(server.stats().getLong("publishesIn")).isZero();
  }

  @Test
  void withATokenPhpClientsOfTheAllowListNeedNoneButStayOffReservedChannels() throws Exception {
    startNodes(1);
    ChannelServer server = harness.server(cluster.vertx(0), new ChannelServerOptions()
        .setToken("s3cret-s3cret-s3cret").setAuthTimeout(300));
    PhpProcess sub = subscriber(server, "news,$gateway.all,$private");
    Await.condition(cluster.vertx(0), 20, () -> Future.succeededFuture(
        server.stats().getLong("protocolErrors") == 1));
    // the refused subscribe changed nothing, the connection outlived the auth timeout
    assertThat(server.stats().getLong("subscriptions")).isZero();
    PhpProcess ok = subscriber(server, "news");
    awaitSubscriptions(cluster.vertx(0), server, 1);
    publisher(server, "publish", "news,$private", 1, "seq");
    publisher(server, "publish", "news", 1, "seq");
    ok.awaitLine(line -> line.equals("event news 1"), WAIT);
    assertThat(events(ok)).containsExactly("event news 1");
    assertThat(events(sub)).isEmpty();
    assertNoBadFrame(sub);
    assertNoBadFrame(ok);
    assertThat(server.stats().getLong("authTimeouts")).isZero();

    // JSON clients still must authenticate
    try (RawClient raw = new RawClient(server.actualPort())) {
      raw.send(new JsonObject().put("type", "publish").put("channels",
          new io.vertx.core.json.JsonArray().add("news")).put("data", 1));
      assertThat(raw.read().getString("code")).isEqualTo("AUTH_REQUIRED");
      assertThat(raw.closedByServer()).isTrue();
    }
  }
}
