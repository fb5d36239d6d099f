package dev.switchboard.bench.common;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A choice of the command line named by a key (a scenario, a server): finding one by its key and
 * listing keys, the same way for every such enum.
 *
 * <p>Stateless; safe from any thread.
 */
public interface Keyed {

  /** @return the key: command line, CSV */
  String key();

  /**
   * @param values the choices
   * @param key    a key as given on the command line (any case, blanks around ignored)
   * @param what   what a choice is, for the error ("scenario", "server")
   * @param <T>    the choice type
   * @return the choice of that key
   * @throws IllegalArgumentException when there is none, naming the known keys
   */
  static <T extends Keyed> T of(T[] values, String key, String what) {
    String wanted = key.trim().toLowerCase(Locale.ROOT);
    for (T value : values) {
      if (value.key().equals(wanted)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " " + key + " (known: "
        + keys(List.of(values)) + ")");
  }

  /**
   * @param values some choices
   * @return their keys, comma-separated, as on the command line
   */
  static String keys(Collection<? extends Keyed> values) {
    return values.stream().map(Keyed::key).collect(Collectors.joining(","));
  }
}
