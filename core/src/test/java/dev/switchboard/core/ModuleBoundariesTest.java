package dev.switchboard.core;

import dev.switchboard.testkit.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** This module uses no other module's {@code impl} package, nor an internal one it may not. */
class ModuleBoundariesTest {

  @Test
  void usesNoOtherModulesImplNorInternalsItMayNotUse() {
    ModuleBoundaries.check("dev.switchboard.core");
  }
}
