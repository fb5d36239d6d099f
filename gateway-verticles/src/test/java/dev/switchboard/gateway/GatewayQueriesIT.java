package dev.switchboard.gateway;

import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The rest of GatewayWorker's {@code Lib\Gateway} ({@link GatewayQueries}, and the sends to
 * several uids, groups, listed or excluded clients) on 3 clustered nodes: gateways on nodes 0 and
 * 1, the API called from node 2; real frame-protocol and WebSocket clients.
 */
class GatewayQueriesIT extends RoutingCluster {

  /** Sessions big enough that two of them go over {@link GatewayQueries#MAX_ANSWER_SIZE}. */
  static final int BIG = 4_500_000;

  final List<AutoCloseable> clients = new ArrayList<>();
  Socket webSocket;
  String a0;
  String b0;
  String a1;
  String b1;
  RawSocket frameA0;
  RawSocket frameB0;
  RawSocket frameB1;

  @Override
  GatewayOptions gatewayOptions() {
    return new GatewayOptions().setMaxSessionSize(BIG + 100);
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : clients) {
      client.close();
    }
  }

  /**
   * a0, b0: frame clients of node 0; a1: a WebSocket client and b1 a frame client of node 1.
   * Groups: red = {a0, a1}, blue = {b0, a1}. Uids: a0 ann, a1 and b0 bob (on both nodes).
   */
  void connectClients() throws Exception {
    frameA0 = frame(0);
    a0 = recorders[0].nextConnection().id();
    frameB0 = frame(0);
    b0 = recorders[0].nextConnection().id();
    webSocket = Clients.rawWebSocket(gateways[1].actualPort());
    webSocket.setSoTimeout(20_000);
    clients.add(webSocket);
    a1 = recorders[1].nextConnection().id();
    frameB1 = frame(1);
    b1 = recorders[1].nextConnection().id();
    for (String[] join : new String[][] {{a0, "red"}, {a1, "red"}, {b0, "blue"}, {a1, "blue"}}) {
      assertThat(Await.result(api.joinGroup(join[0], join[1]))).isTrue();
    }
    for (String[] bind : new String[][] {{a0, "ann"}, {a1, "bob"}, {b0, "bob"}}) {
      assertThat(Await.result(api.bindUid(bind[0], bind[1]))).isTrue();
    }
    assertThat(Await.result(api.setSession(a0, new JsonObject().put("name", "ann")))).isTrue();
    assertThat(Await.result(api.setSession(a1, new JsonObject().put("n", 1)))).isTrue();
  }

  private RawSocket frame(int node) throws IOException {
    RawSocket socket = new RawSocket(gateways[node].actualFramePort());
    clients.add(socket);
    return socket;
  }

  private static List<String> sorted(String... ids) {
    List<String> list = new ArrayList<>(Arrays.asList(ids));
    Collections.sort(list);
    return list;
  }

  @Test
  void everyListingAndBatchQueryAnswersExactly() throws Exception {
    connectClients();
    assertThat(Await.result(api.getAllClientIds())).containsExactlyElementsOf(
        sorted(a0, b0, a1, b1));
    Map<String, JsonObject> sessions = Await.result(api.getAllClientSessions());
    assertThat(sessions).containsOnly(entry(a0, new JsonObject().put("name", "ann")),
        entry(b0, new JsonObject()), entry(a1, new JsonObject().put("n", 1)),
        entry(b1, new JsonObject()));
    assertThat(sessions.keySet()).containsExactlyElementsOf(sorted(a0, b0, a1, b1));
    assertThat(Await.result(api.getClientSessionsByGroup("red"))).containsOnly(
        entry(a0, new JsonObject().put("name", "ann")), entry(a1, new JsonObject().put("n", 1)));
    assertThat(Await.result(api.getClientSessionsByGroup("nobody's"))).isEmpty();
    assertThat(Await.result(api.getAllGroupIds())).containsExactly("blue", "red");
    // bob is bound on both nodes: counted once
    assertThat(Await.result(api.getAllUids())).containsExactly("ann", "bob");
    assertThat(Await.result(api.getAllUidCount())).isEqualTo(2);
    assertThat(Await.result(api.getUidsByGroup("red"))).containsExactly("ann", "bob");
    assertThat(Await.result(api.getUidsByGroup("blue"))).containsExactly("bob");
    assertThat(Await.result(api.getUidCountByGroup("red"))).isEqualTo(2);
    assertThat(Await.result(api.getUidCountByGroup("blue"))).isEqualTo(1);
    assertThat(Await.result(api.getUidCountByGroup("nobody's"))).isZero();
    assertThat(Await.result(api.getAllGroupUids())).containsExactly(
        entry("blue", Set.of("bob")), entry("red", Set.of("ann", "bob")));
    assertThat(Await.result(api.getAllGroupUidCounts())).containsExactly(entry("blue", 1),
        entry("red", 2));
    assertThat(Await.result(api.getAllGroupClientIds())).containsExactly(
        entry("blue", sorted(b0, a1)), entry("red", sorted(a0, a1)));
    assertThat(Await.result(api.getAllGroupClientCounts())).containsExactly(entry("blue", 2),
        entry("red", 2));
    assertThat(Await.result(api.isUidsOnline(List.of("carl", "bob", "ann")))).containsExactly(
        entry("ann", true), entry("bob", true), entry("carl", false));
    assertThat(Await.result(api.getClientIdsByUids(List.of("bob", "carl")))).containsExactly(
        entry("bob", sorted(a1, b0)), entry("carl", List.of()));
    assertThat(Await.result(api.getClientCountsByGroups(List.of("red", "none", "blue"))))
        .containsExactly(entry("blue", 2), entry("none", 0), entry("red", 2));

    // membership goes with the connection
    frameB0.close();
    recorders[0].nextClosed();
    Await.condition(cluster.vertx(2), 20, () -> api.getAllClientIds().map(ids -> ids.size() == 3));
    assertThat(Await.result(api.getAllGroupClientIds())).containsExactly(
        entry("blue", List.of(a1)), entry("red", sorted(a0, a1)));
    assertThat(Await.result(api.getClientIdsByUids(List.of("bob")))).containsExactly(
        entry("bob", List.of(a1)));
  }

  @Test
  void sendsToSeveralTargetsReachEachClientOnce() throws Exception {
    connectClients();
    String node0 = nodeOf(0);
    String node1 = nodeOf(1);
    // a1 is in both groups: once; b0 is excluded
    ClusterSendResult groups = Await.result(api.sendToGroup(List.of("red", "blue"), "rb",
        List.of(b0)));
    assertThat(groups.total().accepted()).isEqualTo(2);
    assertThat(groups.byNode().keySet()).containsExactlyInAnyOrder(node0, node1);
    // bob is bound on both nodes; ann twice in the list counts once
    assertThat(Await.result(api.sendToUid(List.of("ann", "bob", "ann", "carl"), "u")).total()
        .accepted()).isEqualTo(3);
    ClusterSendResult listed = Await.result(api.sendToAll("listed", List.of(a0, a1, b1),
        List.of(b1)));
    assertThat(listed.total().accepted()).isEqualTo(2);
    assertThat(listed.byNode().keySet()).containsExactlyInAnyOrder(node0, node1);
    // listed clients of one node: the other is not asked
    assertThat(Await.result(api.sendToAll("only b1", List.of(b1), null)).byNode().keySet())
        .containsExactly(node1);
    assertThat(Await.result(api.sendToAll(Buffer.buffer("all but a0"), null, List.of(a0)))
        .total().accepted()).isEqualTo(3);
    assertThat(Await.result(api.sendToUid(List.of("ann"), Buffer.buffer("bytes"))).total()
        .accepted()).isEqualTo(1);
    assertThat(Await.result(api.sendToGroup(List.of("blue"), Buffer.buffer("blue"), null))
        .total().accepted()).isEqualTo(2);
    assertThat(Await.result(api.sendToAll("end")).total().accepted()).isEqualTo(4);

    assertThat(frames(frameA0, 5)).containsExactly("rb", "u", "listed", "bytes", "end");
    assertThat(frames(frameB0, 4)).containsExactly("u", "all but a0", "blue", "end");
    assertThat(frames(frameB1, 4)).containsExactly("only b1", "all but a0", "end", null);
    List<String> ws = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ws.add(Clients.readFrame(webSocket.getInputStream()).text());
    }
    assertThat(ws).containsExactly("rb", "u", "listed", "all but a0", "blue", "end");
  }

  /** @return the next frames of a client; null for none when the last expected is read */
  private static List<String> frames(RawSocket client, int count) throws IOException {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String frame = client.readFrame();
      frames.add(frame);
      if ("end".equals(frame)) {
        break;
      }
    }
    while (frames.size() < count) {
      frames.add(null);
    }
    return frames;
  }

  @Test
  void badArgumentsFailClearlyAndSendNothing() throws Exception {
    connectClients();
    List<String> tooMany = IntStream.rangeClosed(0, GatewayQueries.MAX_BATCH_SIZE)
        .mapToObj(i -> "u" + i).toList();
    Map<Supplier<Future<?>>, String> bad = new LinkedHashMap<>();
    bad.put(() -> api.getClientSessionsByGroup(null), "must not be empty");
    bad.put(() -> api.getUidsByGroup(""), "must not be empty");
    bad.put(() -> api.getUidCountByGroup(null), "must not be empty");
    bad.put(() -> api.isUidsOnline(null), "uids must not be null");
    bad.put(() -> api.isUidsOnline(List.of()), "uids must not be empty");
    bad.put(() -> api.isUidsOnline(Arrays.asList("ann", null)), "non-empty strings only");
    bad.put(() -> api.getClientIdsByUids(List.of("")), "non-empty strings only");
    bad.put(() -> api.getClientIdsByUids(tooMany), "MAX_BATCH_SIZE");
    bad.put(() -> api.getClientCountsByGroups(List.of()), "groups must not be empty");
    bad.put(() -> api.sendToAll("x", List.of(), null), "clients must not be empty");
    bad.put(() -> api.sendToAll("x", List.of("junk"), null), "not a client id");
    bad.put(() -> api.sendToAll("x", null, List.of("junk")), "not a client id");
    bad.put(() -> api.sendToUid(List.of(), "x"), "uids must not be empty");
    bad.put(() -> api.sendToUid(tooMany, "x"), "MAX_BATCH_SIZE");
    bad.put(() -> api.sendToGroup(List.of("red"), (String) null, null), "message must not be");
    bad.put(() -> api.sendToGroup(Arrays.asList("red", null), "x", null), "non-empty strings");
    for (Map.Entry<Supplier<Future<?>>, String> call : bad.entrySet()) {
      assertThat(Await.failure(call.getKey().get())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(call.getValue());
    }
    // nothing was sent, and the API still works
    assertThat(Await.result(api.sendToAll("first")).total().accepted()).isEqualTo(4);
    assertThat(frameA0.readFrame()).isEqualTo("first");
    assertThat(Await.result(api.getAllClientIds())).hasSize(4);
  }

  @Test
  void anAnswerOverTheBoundFailsWholeAndNeverTruncated() throws Exception {
    connectClients();
    String big = "x".repeat(BIG);
    assertThat(Await.result(api.setSession(a0, new JsonObject().put("big", big)))).isTrue();
    assertThat(Await.result(api.joinGroup(b1, "alone"))).isTrue();
    assertThat(Await.result(api.setSession(b1, new JsonObject().put("big", big)))).isTrue();
    // each node's part is under the bound, the whole answer is not
    // (a wrong success shows its size only, not megabytes of session)
    assertThat(Await.failure(api.getAllClientSessions().map(Map::size))).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("ANSWER_TOO_LARGE")
        .hasMessageContaining("getAllClientSessions");
    // one node's part over the bound (a0 and b0 on node 0): that node refuses
    assertThat(Await.result(api.setSession(b0, new JsonObject().put("big", big)))).isTrue();
    assertThat(Await.failure(api.getAllClientSessions().map(Map::size))).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("ANSWER_TOO_LARGE");
    // an answer under the bound is whole, also from that node (blue is b0 and a1)
    assertThat(Await.result(api.getClientSessionsByGroup("blue")).keySet())
        .containsExactlyInAnyOrder(b0, a1);
    Map<String, JsonObject> alone = Await.result(api.getClientSessionsByGroup("alone"));
    assertThat(alone.keySet()).containsExactly(b1);
    assertThat(alone.get(b1).getString("big")).hasSize(BIG);
  }

  @Test
  void aKilledNodesClientsAreLeftOutOfEveryAnswerInTime() throws Exception {
    try (NodeProcess doomed = KillableGatewayNode.start(cluster)) {
      int port = KillableGatewayNode.framePort(cluster.vertx(2));
      RawSocket client0 = frame(0);
      a0 = recorders[0].nextConnection().id();
      RawSocket doomedClient = new RawSocket(port);
      clients.add(doomedClient);
      String dead = doomedClient.sendFrame("who am I").readFrame();
      for (String id : List.of(a0, dead)) {
        assertThat(Await.result(api.joinGroup(id, "red"))).isTrue();
        assertThat(Await.result(api.setSession(id, new JsonObject().put("id", id)))).isTrue();
      }
      assertThat(Await.result(api.bindUid(a0, "ann"))).isTrue();
      assertThat(Await.result(api.bindUid(dead, "dan"))).isTrue();
      assertThat(Await.result(api.getAllClientIds())).containsExactlyElementsOf(sorted(a0, dead));
      assertThat(Await.result(api.getAllUids())).containsExactly("ann", "dan");

      doomed.kill(); // SIGKILL

      Duration bound = Duration.ofMillis(3 * TIMEOUT);
      assertThat(Await.result(api.getAllClientIds(), bound, "ids")).containsExactly(a0);
      assertThat(Await.result(api.getAllClientSessions(), bound, "sessions")).containsOnly(
          entry(a0, new JsonObject().put("id", a0)));
      assertThat(Await.result(api.getClientSessionsByGroup("red"), bound, "group sessions"))
          .containsOnlyKeys(a0);
      assertThat(Await.result(api.getAllGroupIds(), bound, "groups")).containsExactly("red");
      assertThat(Await.result(api.getAllUids(), bound, "uids")).containsExactly("ann");
      assertThat(Await.result(api.getAllUidCount(), bound, "uid count")).isEqualTo(1);
      assertThat(Await.result(api.getUidsByGroup("red"), bound, "group uids"))
          .containsExactly("ann");
      assertThat(Await.result(api.getUidCountByGroup("red"), bound, "group uid count"))
          .isEqualTo(1);
      assertThat(Await.result(api.getAllGroupUids(), bound, "group uid map")).containsExactly(
          entry("red", Set.of("ann")));
      assertThat(Await.result(api.getAllGroupUidCounts(), bound, "group uid counts"))
          .containsExactly(entry("red", 1));
      assertThat(Await.result(api.getAllGroupClientIds(), bound, "group id map"))
          .containsExactly(entry("red", List.of(a0)));
      assertThat(Await.result(api.getAllGroupClientCounts(), bound, "group counts"))
          .containsExactly(entry("red", 1));
      assertThat(Await.result(api.isUidsOnline(List.of("ann", "dan")), bound, "uids online"))
          .containsExactly(entry("ann", true), entry("dan", false));
      assertThat(Await.result(api.getClientIdsByUids(List.of("dan")), bound, "uid ids"))
          .containsExactly(entry("dan", List.of()));
      assertThat(Await.result(api.getClientCountsByGroups(List.of("red")), bound, "counts"))
          .containsExactly(entry("red", 1));
      assertThat(Await.result(api.sendToAll("listed", List.of(a0, dead), null), bound,
          "listed send").total().accepted()).isEqualTo(1);
      assertThat(Await.result(api.sendToUid(List.of("ann", "dan"), "uids"), bound, "uid send")
          .total().accepted()).isEqualTo(1);
      assertThat(Await.result(api.sendToGroup(List.of("red"), "group", List.of()), bound,
          "group send").total().accepted()).isEqualTo(1);
      assertThat(Await.result(api.sendToAll("all", null, List.of(dead)), bound, "all send")
          .total().accepted()).isEqualTo(1);
      for (String expected : List.of("listed", "uids", "group", "all")) {
        assertThat(client0.readFrame()).isEqualTo(expected);
      }
    }
  }
}
