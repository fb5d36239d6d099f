package dev.switchboard.channel.server.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The channels a connection authenticated with a JSON Web Token may use, read from the token's
 * channels claim: {@code {"subscribe": [...], "publish": [...]}} (either list may be absent:
 * nothing of that kind), or one list for both. A pattern is a channel name, a prefix form
 * {@code name.*} (every channel whose name starts with {@code name.}, at any depth, not {@code
 * name} itself), or {@code *} (every channel). Reserved ({@code $}) channels stay reserved whatever
 * the patterns say: {@link ChannelAccess} checks them first. A token without the claim grants no
 * channel.
 *
 * <p>Threading: immutable; thread-safe.
 */
final class ChannelGrant {

  /** Most patterns of one kind (subscribe, publish) a token may carry. */
  static final int MAX_PATTERNS = 256;

  private final Patterns subscribe;
  private final Patterns publish;

  private ChannelGrant(Patterns subscribe, Patterns publish) {
    this.subscribe = subscribe;
    this.publish = publish;
  }

  /**
   * @param claim         the claim's value (null when the token has none)
   * @param maxNameLength the server's longest channel name: a longer pattern is refused
   * @return the grant
   * @throws IllegalArgumentException when the claim is not of the shape above, or over the bounds
   */
  static ChannelGrant of(Object claim, int maxNameLength) {
    if (claim == null) {
      return new ChannelGrant(Patterns.NONE, Patterns.NONE);
    }
    if (claim instanceof JsonArray both) {
      Patterns patterns = Patterns.of(both, maxNameLength);
      return new ChannelGrant(patterns, patterns);
    }
    if (claim instanceof JsonObject kinds) {
      for (String key : kinds.fieldNames()) {
        if (!key.equals("subscribe") && !key.equals("publish")) {
          throw new IllegalArgumentException("the channels claim has an unknown member");
        }
      }
      return new ChannelGrant(Patterns.of(kinds.getValue("subscribe"), maxNameLength),
          Patterns.of(kinds.getValue("publish"), maxNameLength));
    }
    throw new IllegalArgumentException("the channels claim must be a list of channel patterns "
        + "or an object with \"subscribe\" and \"publish\" lists");
  }

  /** @return whether the grant lets the connection subscribe to the channel */
  boolean maySubscribe(String channel) {
    return subscribe.match(channel);
  }

  /** @return whether the grant lets the connection publish on the channel */
  boolean mayPublish(String channel) {
    return publish.match(channel);
  }

  /** Exact names and prefixes, compiled from one list of patterns. */
  private record Patterns(boolean all, Set<String> names, List<String> prefixes) {

    static final Patterns NONE = new Patterns(false, Set.of(), List.of());

    static Patterns of(Object value, int maxNameLength) {
      if (value == null) {
        return NONE;
      }
      if (!(value instanceof JsonArray list)) {
        throw new IllegalArgumentException("the channels claim's lists must be lists of strings");
      }
      if (list.size() > MAX_PATTERNS) {
        throw new IllegalArgumentException("the channels claim may hold at most " + MAX_PATTERNS
            + " patterns of each kind");
      }
      boolean all = false;
      List<String> names = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String pattern) || pattern.isEmpty()
            || pattern.length() > maxNameLength) {
          throw new IllegalArgumentException("the channels claim's patterns must be strings of 1 "
              + "to " + maxNameLength + " characters");
        }
        if (pattern.equals("*")) {
          all = true;
        } else if (pattern.endsWith(".*")) {
          prefixes.add(pattern.substring(0, pattern.length() - 1));
        } else {
          names.add(pattern);
        }
      }
      return new Patterns(all, Set.copyOf(names), List.copyOf(prefixes));
    }

    boolean match(String channel) {
      if (all || names.contains(channel)) {
        return true;
      }
      for (String prefix : prefixes) {
        if (channel.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }
}
