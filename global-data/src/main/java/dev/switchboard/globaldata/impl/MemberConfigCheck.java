package dev.switchboard.globaldata.impl;

import com.hazelcast.config.Config;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * What a GlobalData node checks in its Hazelcast member's configuration: settings under which
 * GlobalData's durability promise (one member crash loses no acknowledged write, a failed call
 * is reported as failed) does not hold.
 *
 * <p>Stateless; safe from any thread.
 */
public final class MemberConfigCheck {

  private MemberConfigCheck() {
  }

  /**
   * @param config  the member's configuration
   * @param mapName the GlobalData map
   * @return one sentence per setting that weakens the promise, empty when there is none
   */
  public static List<String> problems(Config config, String mapName) {
    List<String> problems = new ArrayList<>();
    int backupCount = config.findMapConfig(mapName).getBackupCount();
    if (backupCount < 1) {
      problems.add("Map " + mapName + " has backup-count " + backupCount
          + ": a member crash can lose acknowledged writes");
    }
    // resolved as Hazelcast resolves it: the configuration, then the system property, then the
    // default (off)
    String property = ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName();
    if (!new HazelcastProperties(config)
        .getBoolean(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE)) {
      problems.add("Hazelcast property " + property + " is off: when a member dies during a "
          + "call, Hazelcast may run the call again (an increment can apply twice) or report a "
          + "write whose backup was never confirmed as successful (lost with its owner), both "
          + "silently; set it to true in the member configuration (cluster.xml)");
    }
    return problems;
  }
}
