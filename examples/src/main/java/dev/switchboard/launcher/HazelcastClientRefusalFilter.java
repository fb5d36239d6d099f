package dev.switchboard.launcher;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps out of the log what a Hazelcast client (GlobalData's client mode) writes while members
 * refuse its cluster name, which GlobalData's {@code ClientConnector} then says in one line
 * (its {@code WRONG_CLUSTER} failure names the name refused and the members that refused it):
 * <ul>
 *   <li>each refused attempt: the connection closed with an {@code AuthenticationException}
 *   and its stack trace, and "Exception during initial connection to ...:
 *   AuthenticationException";</li>
 *   <li>the "Unable to get live cluster connection, retry in ..." line that follows a refused
 *   attempt on the same thread;</li>
 *   <li>"Could not connect to any cluster, shutting down the client" with the trace of
 *   "Client is being shutdown.": the shutdown {@code ClientConnector} made after failing the
 *   start, whose reason its failure gives.</li>
 * </ul>
 * Every other line passes: a member that cannot be reached, a lost connection, a retry after
 * anything but a refusal stay visible. The shipped {@code logback.xml} sets it on its console
 * appender.
 *
 * <p>Threading: Logback calls it from any thread; the threads whose last Hazelcast client event
 * was a refusal are kept in a concurrent set (at most the client threads of the JVM).
 */
public class HazelcastClientRefusalFilter extends Filter<ILoggingEvent> {

  /** The loggers of Hazelcast's client. */
  static final String CLIENT_LOGGERS = "com.hazelcast.client.";

  /** What a member's refusal of the client's cluster name is thrown as. */
  static final String REFUSAL = "com.hazelcast.client.AuthenticationException";

  private final Set<String> refusedLast = ConcurrentHashMap.newKeySet();

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (!event.getLoggerName().startsWith(CLIENT_LOGGERS)) {
      return FilterReply.NEUTRAL;
    }
    String thread = event.getThreadName();
    String message = event.getFormattedMessage();
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null && REFUSAL.equals(thrown.getClassName())
        || message != null && message.contains(REFUSAL)) {
      refusedLast.add(thread);
      return FilterReply.DENY;
    }
    boolean afterRefusal = refusedLast.remove(thread);
    if (message == null) {
      return FilterReply.NEUTRAL;
    }
    if (afterRefusal && message.contains("Unable to get live cluster connection")) {
      return FilterReply.DENY;
    }
    if (message.contains("Could not connect to any cluster, shutting down the client")
        && thrown != null && IllegalStateException.class.getName().equals(thrown.getClassName())
        && "Client is being shutdown.".equals(thrown.getMessage())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
