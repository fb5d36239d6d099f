package dev.switchboard.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The connect hook's answer to a {@link Handshake}: accept the client, optionally binding a uid,
 * joining groups, setting its session and choosing one of the subprotocols it offered; or reject
 * it with an HTTP status and a reason. A rejected WebSocket client gets that status (and the
 * reason as a {@code text/plain} body) instead of the {@code 101}; a rejected TCP client gets the
 * protocol's close message ({@code {"type":"close","reason":"rejected","status":...,
 * "message":...}}) and is closed. Nothing else reaches a rejected client, and no
 * {@code onConnect} / {@code onClose} runs for it.
 *
 * <p>What an accepted decision sets is in place before {@code onConnect} runs: the uid bound, the
 * groups joined and the session set on this node at once (other nodes learn of the uid and groups
 * within moments, as after {@link Gateway#bindUid}). A decision breaking the gateway's bounds
 * ({@code maxGroupsPerClient}, {@code maxSessionSize}, a subprotocol the client did not offer)
 * rejects the client with 500 and is logged.
 *
 * <p>Threading: immutable (the {@code with} methods return a new decision); any thread.
 */
public final class ConnectDecision {

  /** Default status of a rejection: {@value}. */
  public static final int DEFAULT_REJECT_STATUS = 403;

  /** Longest reason kept, in characters; longer ones are cut: {@value}. */
  public static final int MAX_REASON_LENGTH = 123;

  private static final ConnectDecision ACCEPT = new ConnectDecision(true, 0, null, null,
      List.of(), null, null);

  private final boolean accepted;
  private final int status;
  private final String reason;
  private final String uid;
  private final List<String> groups;
  private final JsonObject session;
  private final String subprotocol;

  private ConnectDecision(boolean accepted, int status, String reason, String uid,
      List<String> groups, JsonObject session, String subprotocol) {
    this.accepted = accepted;
    this.status = status;
    this.reason = reason;
    this.uid = uid;
    this.groups = groups;
    this.session = session;
    this.subprotocol = subprotocol;
  }

  /** @return a decision accepting the client as it is */
  public static ConnectDecision accept() {
    return ACCEPT;
  }

  /**
   * @param reason why, shown to the client (at most {@value #MAX_REASON_LENGTH} characters kept)
   * @return a decision rejecting the client with {@value #DEFAULT_REJECT_STATUS}
   */
  public static ConnectDecision reject(String reason) {
    return reject(DEFAULT_REJECT_STATUS, reason);
  }

  /**
   * @param status an HTTP status from 400 to 599
   * @param reason why, shown to the client (at most {@value #MAX_REASON_LENGTH} characters kept,
   *               control characters turned into spaces)
   * @return a decision rejecting the client
   * @throws IllegalArgumentException for a status outside 400..599
   */
  public static ConnectDecision reject(int status, String reason) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a rejection's status is from 400 to 599, got " + status);
    }
    String text = reason == null ? "" : reason;
    if (text.length() > MAX_REASON_LENGTH) {
      text = text.substring(0, MAX_REASON_LENGTH);
    }
    text = text.replaceAll("\\p{Cntrl}", " "); // one line: an HTTP body, a log line
    return new ConnectDecision(false, status, text, null, List.of(), null, null);
  }

  /**
   * @param uid the uid to bind the client to (non-empty)
   * @return this accepting decision with the uid
   */
  public ConnectDecision withUid(String uid) {
    accepting("a uid");
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("uid must not be empty");
    }
    return new ConnectDecision(true, 0, null, uid, groups, session, subprotocol);
  }

  /**
   * @param groups groups for the client to join (non-empty names; added to those already given)
   * @return this accepting decision with the groups
   */
  public ConnectDecision withGroups(Collection<String> groups) {
    accepting("groups");
    List<String> all = new ArrayList<>(this.groups);
    for (String group : groups) {
      if (group == null || group.isEmpty()) {
        throw new IllegalArgumentException("group names must not be empty");
      }
      if (!all.contains(group)) {
        all.add(group);
      }
    }
    return new ConnectDecision(true, 0, null, uid, List.copyOf(all), session, subprotocol);
  }

  /**
   * @param session the client's session (copied)
   * @return this accepting decision with the session
   */
  public ConnectDecision withSession(JsonObject session) {
    accepting("a session");
    return new ConnectDecision(true, 0, null, uid, groups,
        Objects.requireNonNull(session, "session").copy(), subprotocol);
  }

  /**
   * @param subprotocol one of the subprotocols the client offered, answered in the {@code 101}
   * @return this accepting decision with the subprotocol
   */
  public ConnectDecision withSubprotocol(String subprotocol) {
    accepting("a subprotocol");
    return new ConnectDecision(true, 0, null, uid, groups, session,
        Objects.requireNonNull(subprotocol, "subprotocol"));
  }

  private void accepting(String what) {
    if (!accepted) {
      throw new IllegalStateException("a rejection carries no " + what);
    }
  }

  /** @return whether the client is accepted */
  public boolean accepted() {
    return accepted;
  }

  /** @return the rejection's HTTP status, 0 when accepted */
  public int status() {
    return status;
  }

  /** @return the rejection's reason, null when accepted */
  public String reason() {
    return reason;
  }

  /** @return the uid to bind, or null */
  public String uid() {
    return uid;
  }

  /** @return the groups to join (unmodifiable) */
  public List<String> groups() {
    return groups;
  }

  /** @return the session to set (a copy), or null */
  public JsonObject session() {
    return session == null ? null : session.copy();
  }

  /** @return the subprotocol chosen, or null */
  public String subprotocol() {
    return subprotocol;
  }

  /** @return this decision as JSON, readable by {@link #fromJson} */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("accepted", accepted);
    if (!accepted) {
      return json.put("status", status).put("reason", reason);
    }
    json.put("groups", new JsonArray(new ArrayList<>(groups)));
    if (uid != null) {
      json.put("uid", uid);
    }
    if (session != null) {
      json.put("session", session.copy());
    }
    if (subprotocol != null) {
      json.put("subprotocol", subprotocol);
    }
    return json;
  }

  /**
   * @param json what {@link #toJson()} wrote
   * @return the decision
   * @throws IllegalArgumentException when the JSON is not a valid decision
   */
  public static ConnectDecision fromJson(JsonObject json) {
    try {
      if (!json.getBoolean("accepted", false)) {
        return reject(json.getInteger("status", DEFAULT_REJECT_STATUS), json.getString("reason"));
      }
      ConnectDecision decision = accept();
      if (json.getString("uid") != null) {
        decision = decision.withUid(json.getString("uid"));
      }
      List<String> groups = new ArrayList<>();
      JsonArray array = json.getJsonArray("groups", new JsonArray());
      for (int i = 0; i < array.size(); i++) {
        groups.add(array.getString(i));
      }
      decision = decision.withGroups(groups);
      if (json.getJsonObject("session") != null) {
        decision = decision.withSession(json.getJsonObject("session"));
      }
      if (json.getString("subprotocol") != null) {
        decision = decision.withSubprotocol(json.getString("subprotocol"));
      }
      return decision;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("not a connect decision: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return accepted ? "accept" + (uid == null ? "" : " uid " + uid)
        + (groups.isEmpty() ? "" : " groups " + groups) : "reject " + status + " " + reason;
  }
}
