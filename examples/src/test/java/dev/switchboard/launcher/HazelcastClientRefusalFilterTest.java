package dev.switchboard.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the filter keeps out: the refused attempts of a Hazelcast client whose cluster name the
 * members refuse, the retry line after each and the trace of the shutdown that follows; what it
 * lets through: every other Hazelcast client line, a retry after an unreachable member included.
 */
class HazelcastClientRefusalFilterTest {

  private static final String MANAGER = "com.hazelcast.client.impl.connection.ClientConnectionManager";
  private static final String CONNECTION = "com.hazelcast.client.impl.connection.tcp.TcpClientConnection";

  private final LoggerContext context = new LoggerContext();
  private final HazelcastClientRefusalFilter filter = new HazelcastClientRefusalFilter();

  @Test
  void aRefusedAttemptItsRetryLineAndTheShutdownTraceAreKeptOut() {
    Exception refusal = new com.hazelcast.client.AuthenticationException("Authentication failed");
    assertThat(decide(CONNECTION, "t1", "ClientConnection{...} closed. Reason: Failed to "
        + "authenticate connection", refusal)).isEqualTo(FilterReply.DENY);
    assertThat(decide(MANAGER, "t1", "hz.client_1 [x] [5.6.0] Exception during initial "
        + "connection to [127.0.0.1]:5701: " + refusal, null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(MANAGER, "t1", "hz.client_1 [x] [5.6.0] Unable to get live cluster "
        + "connection, retry in 100 ms, attempt: 1", null)).isEqualTo(FilterReply.DENY);
    assertThat(decide(MANAGER, "t1", "hz.client_1 [x] [5.6.0] Could not connect to any cluster, "
        + "shutting down the client", new IllegalStateException("Client is being shutdown.")))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void anUnreachableMemberAndItsRetriesStayVisible() {
    IOException refused = new IOException("Connection refused to address /127.0.0.1:5701");
    assertThat(decide(MANAGER, "t2", "hz.client_1 [x] [5.6.0] Exception during initial "
        + "connection to [127.0.0.1]:5701: " + refused, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(MANAGER, "t2", "hz.client_1 [x] [5.6.0] Unable to get live cluster "
        + "connection, retry in 100 ms, attempt: 1", null)).isEqualTo(FilterReply.NEUTRAL);
    // a refusal on another thread does not hide this thread's retry
    decide(CONNECTION, "t3", "closed", new com.hazelcast.client.AuthenticationException("x"));
    assertThat(decide(MANAGER, "t2", "Unable to get live cluster connection, retry in 200 ms",
        null)).isEqualTo(FilterReply.NEUTRAL);
    // nor, once another line came between, a later retry of the refused thread
    decide(MANAGER, "t3", "Trying to connect to [127.0.0.1]:5702", null);
    assertThat(decide(MANAGER, "t3", "Unable to get live cluster connection, retry in 200 ms",
        null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(MANAGER, "t2", "Could not connect to any cluster, shutting down the client",
        new IllegalStateException("something else"))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide("dev.switchboard.globaldata.impl.ClientConnector", "t1", "mentions "
        + HazelcastClientRefusalFilter.REFUSAL, null)).isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(String logger, String thread, String message, Throwable thrown) {
    Logger log = context.getLogger(logger);
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), log, Level.WARN, message,
        thrown, null);
    event.setThreadName(thread);
    return filter.decide(event);
  }
}
