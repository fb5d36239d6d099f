package dev.switchboard.bench.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a benchmark's report goes: {@code <dir>/<name>-<stamp>.md} (also printed on standard
 * output) and, when there are raw results, {@code <dir>/<name>-<stamp>.csv} beside it.
 *
 * <p>Threading: any thread.
 */
public final class ReportFiles {

  private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);

  private ReportFiles() {
  }

  /**
   * @param dir      the results directory (created if missing)
   * @param name     the benchmark's name
   * @param stamp    the run's time stamp
   * @param markdown the report
   * @param csv      the raw results, or null
   * @throws IOException when a file cannot be written
   */
  public static void write(Path dir, String name, String stamp, String markdown, String csv)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + "-" + stamp + ".md");
    Files.writeString(file, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.flush();
    if (csv == null) {
      LOG.info("Report written to {}", file.toAbsolutePath());
      return;
    }
    Path raw = dir.resolve(name + "-" + stamp + ".csv");
    Files.writeString(raw, csv, StandardCharsets.UTF_8);
    LOG.info("Report written to {} (raw results {})", file.toAbsolutePath(), raw.getFileName());
  }
}
