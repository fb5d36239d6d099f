package dev.switchboard.bench.common;

import java.util.Arrays;

/**
 * The markdown tables of every benchmark report: a header with its alignment rule, then rows.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Table {

  private Table() {
  }

  /**
   * @param header the column names; a name ending in ":" is right-aligned (the colon dropped)
   * @return the markdown header and separator rows
   */
  public static String header(String... header) {
    StringBuilder names = new StringBuilder("|");
    StringBuilder rule = new StringBuilder("|");
    for (String h : header) {
      boolean right = h.endsWith(":");
      names.append(' ').append(right ? h.substring(0, h.length() - 1) : h).append(" |");
      rule.append(right ? " ---: |" : " --- |");
    }
    return names + "\n" + rule + "\n";
  }

  /**
   * @param cells the cells of one table row ({@link String#valueOf(Object)} of each)
   * @return the markdown row
   */
  public static String row(Object... cells) {
    return "| " + String.join(" | ", Arrays.stream(cells).map(String::valueOf).toList()) + " |\n";
  }
}
