package dev.switchboard.globaldata.impl;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;

import java.util.concurrent.CompletionException;

/**
 * What a failed Hazelcast call means to a GlobalData caller: the one translation of Hazelcast's
 * exceptions into {@link GlobalDataException} reasons, for the Java API and the Workerman
 * listener alike.
 *
 * <p>Stateless; thread-safe.
 */
final class HazelcastFailures {

  private HazelcastFailures() {
  }

  /**
   * @param failure a failure of a Hazelcast call (maybe wrapped in a CompletionException)
   * @param closed  whether the caller's GlobalData is closed
   * @return the failure as a {@link GlobalDataException} with its reason
   */
  static GlobalDataException translate(Throwable failure, boolean closed) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof GlobalDataException e) {
      return e;
    }
    if (cause instanceof HazelcastClientOfflineException) {
      return new GlobalDataException(Reason.UNAVAILABLE, "GlobalData client has no connection "
          + "to the cluster and is reconnecting; the call was not sent", cause);
    }
    if (cause instanceof SplitBrainProtectionException) {
      return new GlobalDataException(Reason.NO_QUORUM, "GlobalData refused the call: this side "
          + "of the cluster has fewer members than the map's split-brain protection requires "
          + "(a network partition); nothing was applied", cause);
    }
    if (closed || cause instanceof HazelcastInstanceNotActiveException
        || cause instanceof HazelcastClientNotActiveException) {
      return new GlobalDataException(Reason.CLOSED, "GlobalData or its Hazelcast instance is "
          + "closed", cause);
    }
    return new GlobalDataException(Reason.BACKEND, "Hazelcast failed the operation: " + cause,
        cause);
  }
}
