package dev.switchboard.bench.common;

import jdk.jfr.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flight-recorder settings of the profiled runs (GlobalData and channel): the JDK's
 * {@code profile} settings with {@code jdk.ThreadCPULoad} every second instead of every 10 s, so
 * that a 5 s window gets CPU per thread.
 *
 * <p>Stateless; safe from any thread.
 */
public final class JfrSettings {

  private static final Logger LOG = LoggerFactory.getLogger(JfrSettings.class);

  /** Period of jdk.ThreadCPULoad in every recording. */
  public static final Duration THREAD_CPU_PERIOD = Duration.ofSeconds(1);

  /** The period setting of jdk.ThreadCPULoad in a .jfc file. */
  private static final Pattern THREAD_CPU_PERIOD_SETTING = Pattern.compile(
      "(?<head><event name=\"jdk\\.ThreadCPULoad\">\\s*<setting name=\"enabled\">true</setting>"
          + "\\s*<setting name=\"period\">)[^<]*(?<tail></setting>)");

  private JfrSettings() {
  }

  /**
   * Writes the {@code profile} settings with a 1 s {@code jdk.ThreadCPULoad} period to a .jfc
   * file for the child's {@code -XX:StartFlightRecording} (which on Java 17 takes no per-event
   * overrides).
   *
   * @return the .jfc path, or "profile" when the settings could not be adjusted
   */
  public static String childSettings(Configuration profile, Path jfc) throws IOException {
    Matcher period = THREAD_CPU_PERIOD_SETTING.matcher(profile.getContents());
    if (!period.find()) {
      LOG.warn("Could not shorten jdk.ThreadCPULoad's period for the child; it keeps 10 s");
      return "profile";
    }
    Files.writeString(jfc, period.replaceFirst("${head}" + THREAD_CPU_PERIOD.toSeconds()
        + " s${tail}"));
    return jfc.toString();
  }
}
