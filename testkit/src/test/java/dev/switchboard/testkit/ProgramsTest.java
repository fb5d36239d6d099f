package dev.switchboard.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A test that needs a program fails, with how to install it, when the program is missing: it never
 * skips.
 */
class ProgramsTest {

  @Test
  void aProgramMissingFromThePathFailsNamingItsPackage() {
    assertThatThrownBy(() -> Programs.require("switchboard-no-such-program",
        "SWITCHBOARD_NO_SUCH_OVERRIDE", "some-package"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("switchboard-no-such-program is not installed")
        .hasMessageContaining("apt-get install some-package")
        .hasMessageContaining("SWITCHBOARD_NO_SUCH_OVERRIDE=/path/to/switchboard-no-such-program");
  }

  @Test
  void aProgramOnThePathIsFound() {
    assertThat(Programs.require("sh", "SWITCHBOARD_NO_SUCH_OVERRIDE", "dash")).endsWith("/sh");
  }
}
