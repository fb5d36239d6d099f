package dev.switchboard.channel.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The name of the channel of the last event a connection read, reused while the next events name
 * the same channel (the usual case): one {@code String} per change of channel rather than one per
 * event, and a name whose hash is already computed for the lookups that follow.
 *
 * <p>Threading: not thread-safe; one per connection, used on its context.
 */
public final class LastChannel {

  private byte[] bytes = new byte[0];
  private String name;

  /**
   * @param utf8 holds a channel's name in UTF-8, without escapes
   * @param from its first byte
   * @param to   the byte after its last
   * @return the name
   */
  public String name(byte[] utf8, int from, int to) {
    if (name == null || !Arrays.equals(bytes, 0, bytes.length, utf8, from, to)) {
      bytes = Arrays.copyOfRange(utf8, from, to);
      name = new String(bytes, StandardCharsets.UTF_8);
    }
    return name;
  }
}
