package dev.switchboard.channel;

/**
 * One event received on a subscribed channel.
 *
 * @param channel the channel it was published to
 * @param data    the published data: a String, Number, Boolean, {@code JsonObject},
 *                {@code JsonArray} or null
 */
public record ChannelMessage(String channel, Object data) {
}
