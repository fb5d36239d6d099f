package dev.switchboard.bench.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The raw results (CSV) of every benchmark report: a header line, then one line per row; cells
 * are written as given, so text that may hold commas goes through {@link #quoted(String)}.
 *
 * <p>Not thread-safe: filled and rendered by one thread.
 */
public final class Csv {

  private final int columns;
  private final StringBuilder out = new StringBuilder();

  /**
   * @param header the column names
   */
  public Csv(String... header) {
    this.columns = header.length;
    out.append(String.join(",", header)).append('\n');
  }

  /**
   * @param cells one value per column ({@link String#valueOf(Object)} of each)
   * @return this
   * @throws IllegalArgumentException when the count of cells is not that of the columns
   */
  public Csv row(Object... cells) {
    return row(Arrays.stream(cells).map(String::valueOf).toList());
  }

  /**
   * @param cells one value per column
   * @return this
   * @throws IllegalArgumentException when the count of cells is not that of the columns
   */
  public Csv row(List<String> cells) {
    if (cells.size() != columns) {
      throw new IllegalArgumentException(cells.size() + " cells for " + columns + " columns");
    }
    out.append(String.join(",", cells)).append('\n');
    return this;
  }

  /** @return the header and every row, one line each */
  @Override
  public String toString() {
    return out.toString();
  }

  /**
   * @param value a figure, NaN when missing
   * @return it with three decimals, empty when missing
   */
  public static String fixed(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * @param text free text, or null
   * @return it in double quotes (its own double quotes turned into single ones), empty for null
   */
  public static String quoted(String text) {
    return text == null ? "" : '"' + text.replace('"', '\'') + '"';
  }
}
