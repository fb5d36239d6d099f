package dev.switchboard.status;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A plain-text table: a header line and one line per row, each column as wide as its widest cell
 * plus two spaces, as Workerman's status tables are.
 *
 * <p>Threading: pure functions.
 */
final class Table {

  /**
   * A column: its header and the key of its cells in each row.
   *
   * @param header the header
   * @param key    the row's key
   */
  record Column(String header, String key) {
  }

  private Table() {
  }

  /**
   * @param columns the columns
   * @param rows    the rows; a missing cell is {@code -}
   * @return the table, each line ending with a newline
   */
  static String render(List<Column> columns, List<JsonObject> rows) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).header().length();
      for (JsonObject row : rows) {
        widths[c] = Math.max(widths[c], cell(row, columns.get(c).key()).length());
      }
    }
    StringBuilder table = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      line.append(pad(columns.get(c).header(), widths[c]));
    }
    table.append(line.toString().stripTrailing()).append('\n');
    for (JsonObject row : rows) {
      line.setLength(0);
      for (int c = 0; c < widths.length; c++) {
        line.append(pad(cell(row, columns.get(c).key()), widths[c]));
      }
      table.append(line.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }

  /** @return a section's title line, as Workerman draws it */
  static String rule(String title) {
    String side = "-".repeat(30);
    return side + " " + title + " " + side + "\n";
  }

  private static String cell(JsonObject row, String key) {
    Object value = row.getValue(key);
    return value == null ? "-" : value.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length() + 2);
  }
}
