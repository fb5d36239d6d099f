package dev.switchboard.bench.common;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every benchmark report has around its figures: the title with the run's start, the
 * machine section with the load average at the start and at the end, and the problems (steps
 * that failed) at the bottom; and the run's time stamp for file names.
 *
 * <p>Not thread-safe: filled and rendered by the main thread.
 */
public final class ReportFrame {

  private final ZonedDateTime started = ZonedDateTime.now();
  private final String loadBefore = Environment.loadAverage();
  private final List<String> notes = new ArrayList<>();

  /**
   * @return when the run started, as used in file names
   */
  public String stamp() {
    return started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }

  /** @param note a step that failed, listed under "Problems" */
  public void note(String note) {
    notes.add(note);
  }

  /** @return whether a step failed */
  public boolean hasNotes() {
    return !notes.isEmpty();
  }

  /**
   * @param out   the report
   * @param title the report's title, followed by the run's start
   */
  public void title(StringBuilder out, String title) {
    out.append("# ").append(title).append(", ")
        .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT)))
        .append("\n\n");
  }

  /**
   * @param out   the report
   * @param lines what describes the machine and the run's processes, one item each
   */
  public void machine(StringBuilder out, List<String> lines) {
    out.append("Machine:\n\n");
    lines.forEach(line -> out.append("- ").append(line).append('\n'));
    out.append("- load average (1, 5, 15 min): ").append(loadBefore).append(" at the start, ")
        .append(Environment.loadAverage()).append(" at the end\n\n");
  }

  /**
   * @param out the report; nothing is added when no step failed
   */
  public void problems(StringBuilder out) {
    if (!notes.isEmpty()) {
      out.append("## Problems\n\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
      out.append('\n');
    }
  }
}
