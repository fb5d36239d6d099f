package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.channel.server.ChannelServerOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Field checks of client requests. Each check throws a {@link ChannelException} whose reason is
 * the error code sent back.
 *
 * <p>Threading: stateless apart from the options; thread-safe.
 */
final class Requests {

  /** The longest item id a request may name (the server's are 36 characters). */
  private static final int MAX_ITEM_ID = 64;

  private final ChannelServerOptions options;

  Requests(ChannelServerOptions options) {
    this.options = options;
  }

  /**
   * @return the request's id, or null when it has none
   */
  static Long id(JsonObject request) {
    Object id = request.getValue("id");
    if (id == null) {
      return null;
    }
    if (id instanceof Integer || id instanceof Long) {
      return ((Number) id).longValue();
    }
    throw new ChannelException(Reason.BAD_REQUEST, "id must be an integer");
  }

  /**
   * @return the request's type
   */
  static String type(JsonObject request) {
    if (!(request.getValue("type") instanceof String type)) {
      throw new ChannelException(Reason.BAD_REQUEST, "type must be a string");
    }
    return type;
  }

  /**
   * @return whether a {@code status} request asks for every node's ({@code "cluster": true})
   */
  static boolean cluster(JsonObject request) {
    Object cluster = request.getValue("cluster");
    if (cluster != null && !(cluster instanceof Boolean)) {
      throw new ChannelException(Reason.BAD_REQUEST, "cluster must be a boolean");
    }
    return Boolean.TRUE.equals(cluster);
  }

  /**
   * @return the request's token
   */
  static String token(JsonObject request) {
    if (!(request.getValue("token") instanceof String token)) {
      throw new ChannelException(Reason.BAD_REQUEST, "token must be a string");
    }
    return token;
  }

  /**
   * @return the request's channels, without duplicates, in order
   */
  Set<String> channels(JsonObject request) {
    if (!(request.getValue("channels") instanceof JsonArray array) || array.isEmpty()) {
      throw new ChannelException(Reason.BAD_REQUEST, "channels must be a non-empty array of "
          + "strings");
    }
    return channels(array.getList());
  }

  /**
   * @param array the values of a request's non-empty {@code channels} array
   * @return the channels, without duplicates, in order
   */
  Set<String> channels(List<?> array) {
    if (array.size() > options.getMaxChannels()) {
      throw new ChannelException(Reason.TOO_MANY_CHANNELS, "a request may name at most "
          + options.getMaxChannels() + " channels");
    }
    Set<String> channels = new LinkedHashSet<>();
    for (Object value : array) {
      if (!(value instanceof String channel)) {
        throw new ChannelException(Reason.BAD_REQUEST, "channels must be a non-empty array of "
            + "strings");
      }
      if (channel.isEmpty() || channel.length() > options.getMaxChannelNameLength()) {
        throw new ChannelException(Reason.BAD_CHANNEL, "channel names must have 1 to "
            + options.getMaxChannelNameLength() + " characters");
      }
      channels.add(channel);
    }
    return channels;
  }

  /**
   * @return the request's work queue, checked as a channel name is
   */
  String queue(JsonObject request) {
    if (!(request.getValue("queue") instanceof String queue)) {
      throw new ChannelException(Reason.BAD_REQUEST, "queue must be a string");
    }
    if (queue.isEmpty() || queue.length() > options.getMaxChannelNameLength()) {
      throw new ChannelException(Reason.BAD_CHANNEL, "queue names must have 1 to "
          + options.getMaxChannelNameLength() + " characters");
    }
    return queue;
  }

  /**
   * @return the item an {@code ack} or {@code nack} names
   */
  static String item(JsonObject request) {
    if (!(request.getValue("item") instanceof String item) || item.isEmpty()
        || item.length() > MAX_ITEM_ID) {
      throw new ChannelException(Reason.BAD_REQUEST, "item must be the id of a delivered item "
          + "(a string of 1 to " + MAX_ITEM_ID + " characters)");
    }
    return item;
  }

  /**
   * @return the published data (may be null, but the field must be present)
   */
  static Object data(JsonObject request) {
    if (!request.containsKey("data")) {
      throw new ChannelException(Reason.BAD_REQUEST, "data is missing");
    }
    return request.getValue("data");
  }

  /**
   * @param data a request's {@code data} as it arrived ({@link Frames#decodeRequest}), or null
   * @return the same, as the JSON text of the published data (the member must be present; its
   *     value may be {@code null})
   */
  static Buffer data(Buffer data) {
    if (data == null) {
      throw new ChannelException(Reason.BAD_REQUEST, "data is missing");
    }
    return data;
  }

  /**
   * @param request a request's other members ({@link Frames#decodeRequest})
   * @param data    its {@code data} as it arrived, or null
   * @return the request with its data decoded, for the requests that read it as a value
   */
  static JsonObject withData(JsonObject request, Buffer data) {
    return data == null ? request : request.put("data", Frames.decodeData(data));
  }
}
