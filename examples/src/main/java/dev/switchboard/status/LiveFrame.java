package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One frame of a live view ({@code -d}): a table with a row per verticle, server or node, each
 * figure either a counter as read or its rate per second between two readings. A pure function of
 * the two readings and the time between them, so that a frame can be rendered once into a string
 * and checked.
 *
 * <p>Threading: pure functions.
 */
final class LiveFrame {

  /** Clears the terminal and moves the cursor home (ANSI), before each frame. */
  static final String CLEAR = "\033[H\033[2J";

  /**
   * A figure of a row.
   *
   * @param header the column's header
   * @param key    the counter's key in a row
   * @param rate   whether the column is the counter's rate per second rather than its value
   */
  record Figure(String header, String key, boolean rate) {

    /** @return a counter shown as read */
    static Figure value(String header, String key) {
      return new Figure(header, key, false);
    }

    /** @return a counter's rate per second */
    static Figure rate(String header, String key) {
      return new Figure(header, key, true);
    }
  }

  private LiveFrame() {
  }

  /**
   * @return what the rates of a frame cover: the time between the readings, or that the first
   *     frame has none yet
   */
  static String period(JsonObject before, long elapsedMs) {
    return before == null ? "first reading, rates from the next second"
        : String.format(Locale.ROOT, "rates per second over the last %.1f s", elapsedMs / 1000.0);
  }

  /**
   * @param figures   the columns after the first ({@code id})
   * @param before    the previous reading's rows by id, or null for the first frame (no rates yet)
   * @param after     this reading's rows by id, in display order
   * @param elapsedMs the time between the two readings, ms
   * @return the table: rates with one decimal, {@code -} where a row has no earlier reading
   */
  static String table(List<Figure> figures, Map<String, JsonObject> before,
      Map<String, JsonObject> after, long elapsedMs) {
    List<Table.Column> columns = new ArrayList<>();
    columns.add(new Table.Column("id", "id"));
    for (int i = 0; i < figures.size(); i++) {
      columns.add(new Table.Column(figures.get(i).header(), "c" + i));
    }
    List<JsonObject> rows = new ArrayList<>();
    after.forEach((id, counters) -> {
      JsonObject earlier = before == null ? null : before.get(id);
      JsonObject row = new JsonObject().put("id", id);
      for (int i = 0; i < figures.size(); i++) {
        Figure figure = figures.get(i);
        Object value = counters.getValue(figure.key());
        if (!figure.rate()) {
          row.put("c" + i, value);
        } else if (earlier != null && elapsedMs > 0 && value instanceof Number now
            && earlier.getValue(figure.key()) instanceof Number then) {
          double perSecond = (now.doubleValue() - then.doubleValue()) * 1000.0 / elapsedMs;
          row.put("c" + i, String.format(Locale.ROOT, "%.1f", perSecond));
        }
      }
      rows.add(row);
    });
    return Table.render(columns, rows);
  }
}
