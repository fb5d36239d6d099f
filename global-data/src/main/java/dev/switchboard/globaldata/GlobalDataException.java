package dev.switchboard.globaldata;

import dev.switchboard.core.ErrorReason;
import dev.switchboard.core.SwitchboardException;

/**
 * The failure of a {@link GlobalData} operation, classified by a {@link Reason}. Messages never
 * contain values, only keys and limits.
 */
public final class GlobalDataException extends SwitchboardException {

  private static final long serialVersionUID = 1L;

  /** Why an operation failed. */
  public enum Reason implements ErrorReason {
    /** The key is null, empty or longer than the configured maximum. */
    INVALID_KEY,
    /**
     * The value (or expected value, or step, or another argument) is null, out of range or not
     * JSON-compatible, or an update function returned such a value (nothing is then changed).
     */
    INVALID_VALUE,
    /** The encoded value is larger than the configured maximum. */
    VALUE_TOO_LARGE,
    /** A time to live is zero, negative or null. */
    INVALID_TTL,
    /** {@code increment} of an absent key. */
    NOT_FOUND,
    /**
     * {@code increment}, {@code incrementIfLess}, {@code max} or {@code min} of a value that is
     * not a number.
     */
    NOT_NUMERIC,
    /** {@code increment} or {@code incrementIfLess} would leave the 64-bit range. */
    OVERFLOW,
    /**
     * {@code get(key, type)} found a value of another type, or a server-side update found a value
     * of a type it cannot update ({@code append} to a value that is not an array, {@code merge}
     * into one that is not an object); the value is left unchanged.
     */
    WRONG_TYPE,
    /**
     * {@link GlobalData#update} named a function the member owning the key has not registered
     * (or the name is malformed); nothing was changed.
     */
    UNKNOWN_FUNCTION,
    /**
     * The update function of {@link GlobalData#update} threw; the message names the function and
     * the exception's message. Nothing was changed.
     */
    FUNCTION_FAILED,
    /**
     * {@link GlobalData#close()} was called, or (member mode) the node's Hazelcast member has
     * shut down. A client never closes itself: a lost cluster is {@link #UNAVAILABLE}.
     */
    CLOSED,
    /** No Hazelcast member or cluster could be found or reached (at start). */
    NO_MEMBER,
    /**
     * Client mode, at start: every member reached refused the client's cluster name, so they
     * belong to a cluster of another name (Hazelcast does not tell a client which): the client's
     * {@code clusterName} and the members' (their {@code cluster.xml}) differ.
     */
    WRONG_CLUSTER,
    /**
     * Client mode: the client has no connection to the cluster and is reconnecting in the
     * background, so the call was not sent. Calls succeed again once it has reconnected; nothing
     * needs recreating. (A write already in flight when the connection dropped fails with
     * {@link #BACKEND} instead, and may have been applied.)
     */
    UNAVAILABLE,
    /**
     * The call reached a member on the minority side of a network partition: its side of the
     * cluster has fewer members than the map's split-brain protection requires, so the call was
     * refused, not applied (reads too: that side may miss entries). Calls succeed again once the
     * partition has healed; see docs/global-data.md, "Split brain".
     */
    NO_QUORUM,
    /**
     * Too many increments of one key were already waiting on this node for the one in flight
     * (16,384; docs/global-data.md, "Increments that travel together"), so this one was not sent
     * and nothing was applied. Retry once fewer are outstanding.
     */
    BUSY,
    /**
     * Hazelcast failed the operation (member lost mid-call, timeout, connection lost mid-call);
     * a write may or may not have been applied.
     */
    BACKEND
  }

  /**
   * @param reason  why
   * @param message what, with the key where there is one
   */
  public GlobalDataException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * @param reason  why
   * @param message what, with the key where there is one
   * @param cause   the underlying failure, or null
   */
  public GlobalDataException(Reason reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  /**
   * @return why the operation failed
   */
  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
