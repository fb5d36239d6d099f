package dev.switchboard.bench.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReportFrameTest {

  @Test
  void framesTheReportWithTitleMachineAndProblems() {
    ReportFrame frame = new ReportFrame();
    StringBuilder out = new StringBuilder();
    frame.title(out, "Some benchmark");
    frame.machine(out, List.of("2 cores"));
    frame.problems(out);
    assertThat(frame.hasNotes()).isFalse();
    assertThat(out.toString()).matches("(?s)# Some benchmark, "
        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .+\n\nMachine:\n\n- 2 cores\n"
        + "- load average \\(1, 5, 15 min\\): .+ at the start, .+ at "
        + "the end\n\n");
    assertThat(frame.stamp()).matches("\\d{8}-\\d{6}");

    frame.note("redis-server did not start");
    StringBuilder problems = new StringBuilder();
    frame.problems(problems);
    assertThat(frame.hasNotes()).isTrue();
    assertThat(problems).hasToString("## Problems\n\n- redis-server did not start\n\n");
  }
}
