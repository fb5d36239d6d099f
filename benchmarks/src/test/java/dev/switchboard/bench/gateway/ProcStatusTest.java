package dev.switchboard.bench.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ProcStatus} on this JVM, and on a process that is gone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcStatusTest {

  @Test
  void readsThisJvmsThreadsDescriptorsAndMemory() {
    long pid = ProcessHandle.current().pid();
    assertThat(ProcStatus.threads(pid)).isGreaterThanOrEqualTo(Thread.activeCount());
    assertThat(ProcStatus.openFiles(pid)).isGreaterThanOrEqualTo(3); // stdin, stdout, stderr
    assertThat(ProcStatus.rssBytes(pid)).isPositive();
  }

  @Test
  void aProcessThatIsGoneIsAClearError() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long pid = gone.pid();
    assertThatThrownBy(() -> ProcStatus.threads(pid)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Threads of process " + pid);
    assertThatThrownBy(() -> ProcStatus.openFiles(pid)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("descriptors of process " + pid);
  }
}
