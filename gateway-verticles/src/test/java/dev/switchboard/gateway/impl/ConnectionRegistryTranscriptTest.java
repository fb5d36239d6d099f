package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.GatewayOptions;
import io.vertx.core.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection registry as a transcript: connections offered under a per-address limit,
 * accepted, removed once whatever closed them, swept for their time limits, all destroyed at a
 * shutdown; asserted as the exact sequence of registry events, transport calls and callbacks.
 * Connections are {@link ScriptedConnection}s on a real Vert.x event loop.
 */
class ConnectionRegistryTranscriptTest {

  private static EventLoop loop;
  private final List<String> transcript = new ArrayList<>();
  private final RecordingHost host = new RecordingHost(new GatewayOptions()
      .setHeartbeatTimeout(1_000).setPingInterval(400).setCloseTimeout(5_000), transcript);
  /** One connection per address at most: the limits of the test. */
  private final Map<String, Integer> perAddress = new HashMap<>();
  private final ConnectionRegistry registry = new ConnectionRegistry(host.stats,
      address -> {
        int held = perAddress.merge(address.host(), 1, Integer::sum);
        transcript.add("limits " + address.host() + " " + (held <= 1 ? "admit" : "refuse"));
        if (held > 1) {
          perAddress.merge(address.host(), -1, Integer::sum);
        }
        return held <= 1;
      },
      connection -> perAddress.merge(connection.remoteAddress().host(), -1, Integer::sum),
      connection -> {
        transcript.add("accepted " + connection.id());
        host.onConnect(connection); // as the verticle does
      },
      connection -> transcript.add("removed " + connection.id()),
      new Shedding(new GatewayOptions().getMaxConnections()));

  @BeforeAll
  static void start() {
    loop = new EventLoop();
  }

  @AfterAll
  static void stop() {
    loop.close();
  }

  private ScriptedConnection connection(Context context, String address) {
    return new ScriptedConnection(host, context, address, transcript);
  }

  private void counts() {
    transcript.add("connections " + registry.size() + " counter "
        + host.stats.get(Counter.CONNECTIONS) + " total "
        + host.stats.get(Counter.CONNECTIONS_TOTAL));
  }

  @Test
  void offersUnderTheLimitsAreAcceptedAndEachLeavesOnce() {
    host.registry = registry;
    loop.run(context -> {
      ScriptedConnection a = connection(context, "10.0.0.1");
      ScriptedConnection b = connection(context, "10.0.0.1");
      ScriptedConnection c = connection(context, "10.0.0.2");
      registry.offer(a);
      registry.offer(b);   // over the address's limit: closed, never registered
      registry.offer(c);
      counts();
      b.closed();          // its socket closes: no onClose, nothing to remove
      a.destroy();
      a.closed();          // the socket's close handler after the destroy: nothing more
      counts();
      ScriptedConnection d = connection(context, "10.0.0.1"); // the address's place is free again
      registry.offer(d);
      transcript.add("found " + (registry.get(d.id()) == d) + " " + (registry.get(a.id())));
      counts();
    });
    assertThat(transcript).containsExactly(
        "limits 10.0.0.1 admit", "accepted n-1-1", "onConnect n-1-1",
        "limits 10.0.0.1 refuse", "transport close too_many_connections",
        "limits 10.0.0.2 admit", "accepted n-1-3", "onConnect n-1-3",
        "connections 2 counter 2 total 2",
        "transport abort", "unregister n-1-1", "removed n-1-1", "onClose destroyed",
        "connections 1 counter 1 total 2",
        "limits 10.0.0.1 admit", "accepted n-1-4", "onConnect n-1-4",
        "found true null",
        "connections 2 counter 2 total 3");
  }

  @Test
  void aConnectionAdmittedThenAbandonedGivesBackItsPlaceAndIsNeverRegistered() {
    host.registry = registry;
    loop.run(context -> {
      ScriptedConnection a = connection(context, "10.0.0.1");
      transcript.add("admitted " + registry.admit(a));
      ScriptedConnection b = connection(context, "10.0.0.1");
      transcript.add("admitted " + registry.admit(b)); // a holds the address's one place
      registry.abandon(a);  // the connect hook rejected a
      a.closed();           // its socket closes: no onClose, nothing to remove
      counts();
      ScriptedConnection c = connection(context, "10.0.0.1");
      transcript.add("admitted " + registry.admit(c)); // a's place is free again
      registry.accept(c);
      counts();
    });
    assertThat(transcript).containsExactly(
        "limits 10.0.0.1 admit", "admitted true",
        "limits 10.0.0.1 refuse", "transport close too_many_connections", "admitted false",
        "connections 0 counter 0 total 0",
        "limits 10.0.0.1 admit", "admitted true", "accepted n-1-3", "onConnect n-1-3",
        "connections 1 counter 1 total 1");
  }

  @Test
  void theSweepAppliesEachConnectionsTimeLimitsAndTheShutdownDestroysTheRest() {
    host.registry = registry;
    loop.run(context -> {
      ScriptedConnection a = connection(context, "10.0.0.1");
      registry.offer(a);
      host.now += 300;
      ScriptedConnection b = connection(context, "10.0.0.2");
      registry.offer(b);
      host.now += 100;
      registry.sweep(host.now);  // a silent for 400: pinged
      host.now += 300;
      registry.sweep(host.now);  // b silent for 400: pinged
      host.now += 300;
      registry.sweep(host.now);  // a silent for 1000: heartbeat timeout, closing
      a.closed();
      counts();
      registry.destroyAll(CloseReason.SHUTDOWN);
      counts();
    });
    assertThat(transcript).containsExactly(
        "limits 10.0.0.1 admit", "accepted n-1-1", "onConnect n-1-1",
        "limits 10.0.0.2 admit", "accepted n-1-2", "onConnect n-1-2",
        "ping",
        "ping",
        "transport close heartbeat_timeout",
        "unregister n-1-1", "removed n-1-1", "onClose heartbeat_timeout",
        "connections 1 counter 1 total 2",
        "transport abort", "unregister n-1-2", "removed n-1-2", "onClose shutdown",
        "connections 0 counter 0 total 2");
    assertThat(host.stats.get(Counter.HEARTBEAT_CLOSES)).isEqualTo(1);
  }

  @Test
  void theSweepPeriodIsAQuarterOfTheShortestLimitWithinBounds() {
    assertThat(ConnectionRegistry.sweepPeriod(new GatewayOptions())).isEqualTo(1_000);
    assertThat(ConnectionRegistry.sweepPeriod(new GatewayOptions().setPingInterval(400)))
        .isEqualTo(100);
    assertThat(ConnectionRegistry.sweepPeriod(new GatewayOptions().setAuthTimeout(8)))
        .isEqualTo(10);
  }
}
