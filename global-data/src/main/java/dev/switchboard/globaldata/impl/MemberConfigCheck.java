package dev.switchboard.globaldata.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * What a GlobalData node checks in its Hazelcast member's configuration: settings under which
 * GlobalData's durability promise (one member crash loses no acknowledged write, a failed call
 * is reported as failed) does not hold, and whether the map's split-brain protection is what the
 * node's options require.
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
    SplitBrainProtectionConfig protection = protection(config, mapName);
    String policy = config.findMapConfig(mapName).getMergePolicyConfig().getPolicy();
    if (protection != null && !isDiscard(policy)) {
      problems.add("Map " + mapName + " has a split-brain protection but the merge policy "
          + policy + ": when a partition heals, entries of the minority side (which refused "
          + "every write) can overwrite or bring back what the majority changed or deleted; use "
          + DiscardMergePolicy.class.getName());
    }
    return problems;
  }

  /**
   * What the member configuration lacks for a split-brain protection of at least
   * {@code minimumMembers} on the map (reads and writes, the discard merge policy).
   *
   * @param config         the member's configuration
   * @param mapName        the GlobalData map
   * @param minimumMembers the minimum the protection must require, 0 for no requirement
   * @return one sentence per missing setting, empty when the configuration meets the requirement
   */
  public static List<String> quorumProblems(Config config, String mapName, int minimumMembers) {
    List<String> problems = new ArrayList<>();
    if (minimumMembers == 0) {
      return problems;
    }
    MapConfig map = config.findMapConfig(mapName);
    SplitBrainProtectionConfig protection = protection(config, mapName);
    if (protection == null) {
      problems.add("Map " + mapName + " has no enabled split-brain protection in the member "
          + "configuration (split-brain-protection-ref " + map.getSplitBrainProtectionName()
          + "); minimumMembers " + minimumMembers + " needs one");
      return problems;
    }
    if (protection.getFunctionClassName() == null && protection.getFunctionImplementation() == null
        && protection.getMinimumClusterSize() < minimumMembers) {
      problems.add("Split-brain protection " + protection.getName() + " of map " + mapName
          + " requires " + protection.getMinimumClusterSize() + " members, fewer than "
          + "minimumMembers " + minimumMembers);
    }
    if (protection.getProtectOn() != SplitBrainProtectionOn.READ_WRITE) {
      problems.add("Split-brain protection " + protection.getName() + " of map " + mapName
          + " protects " + protection.getProtectOn() + " only; GlobalData needs READ_WRITE");
    }
    if (!isDiscard(map.getMergePolicyConfig().getPolicy())) {
      problems.add("Map " + mapName + " has merge policy " + map.getMergePolicyConfig().getPolicy()
          + "; a split-brain protection needs " + DiscardMergePolicy.class.getName());
    }
    return problems;
  }

  /** The map's enabled split-brain protection, or null. */
  private static SplitBrainProtectionConfig protection(Config config, String mapName) {
    String name = config.findMapConfig(mapName).getSplitBrainProtectionName();
    if (name == null) {
      return null;
    }
    SplitBrainProtectionConfig protection = config.getSplitBrainProtectionConfigs().get(name);
    return protection != null && protection.isEnabled() ? protection : null;
  }

  /** Hazelcast takes a built-in merge policy by its simple or its full class name. */
  private static boolean isDiscard(String policy) {
    return DiscardMergePolicy.class.getName().equals(policy)
        || DiscardMergePolicy.class.getSimpleName().equals(policy);
  }
}
