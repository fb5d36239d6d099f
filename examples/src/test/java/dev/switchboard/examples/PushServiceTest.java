package dev.switchboard.examples;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The business service's command line: no shared default cluster name. */
class PushServiceTest {

  @Test
  void withoutAClusterNameTheServiceRefusesToStartAndSaysWhy() {
    assertThatThrownBy(() -> PushService.Options.parse(new String[] {"--count", "1"}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster")
        .hasMessageContaining(PushService.CLUSTER_NAME_VARIABLE);
  }

  @Test
  void theClusterNameComesFromTheOptionOrTheEnvironment() {
    assertThat(PushService.Options.parse(new String[] {"--cluster", "given"}, "env").cluster())
        .isEqualTo("given");
    assertThat(PushService.Options.parse(new String[0], "from-env").cluster())
        .isEqualTo("from-env");
  }
}
