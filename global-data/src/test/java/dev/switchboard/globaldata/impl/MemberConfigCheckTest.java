package dev.switchboard.globaldata.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a GlobalData node finds lacking in its member's split-brain protection. */
class MemberConfigCheckTest {

  private static final String MAP = GlobalDataOptions.DEFAULT_MAP_NAME;

  private static Config protectedConfig(int minimumMembers) {
    return LoopbackCluster.withGlobalDataQuorum(
        LoopbackCluster.memberConfig("test", List.of()), minimumMembers);
  }

  @Test
  void noRequirementIsMetByAnyConfiguration() {
    assertThat(MemberConfigCheck.quorumProblems(
        LoopbackCluster.memberConfig("test", List.of()), MAP, 0)).isEmpty();
  }

  @Test
  void aMapWithoutProtectionFailsARequirement() {
    assertThat(MemberConfigCheck.quorumProblems(
        LoopbackCluster.memberConfig("test", List.of()), MAP, 2))
        .singleElement().asString().contains("no enabled split-brain protection");
  }

  @Test
  void aDisabledProtectionCountsAsNone() {
    Config config = protectedConfig(2);
    config.getSplitBrainProtectionConfigs().values().forEach(p -> p.setEnabled(false));
    assertThat(MemberConfigCheck.quorumProblems(config, MAP, 2))
        .singleElement().asString().contains("no enabled split-brain protection");
  }

  @Test
  void aProtectionOfTheRequiredSizeOnReadsAndWritesWithDiscardMeetsIt() {
    assertThat(MemberConfigCheck.quorumProblems(protectedConfig(2), MAP, 2)).isEmpty();
    assertThat(MemberConfigCheck.quorumProblems(protectedConfig(3), MAP, 2)).isEmpty();
    assertThat(MemberConfigCheck.problems(protectedConfig(2), MAP)).isEmpty();
  }

  @Test
  void aSmallerProtectionWritesOnlyOrAnotherMergePolicyIsNamed() {
    assertThat(MemberConfigCheck.quorumProblems(protectedConfig(2), MAP, 3))
        .singleElement().asString().contains("requires 2 members");

    Config writesOnly = protectedConfig(2);
    writesOnly.getSplitBrainProtectionConfigs().values()
        .forEach(p -> p.setProtectOn(SplitBrainProtectionOn.WRITE));
    assertThat(MemberConfigCheck.quorumProblems(writesOnly, MAP, 2))
        .singleElement().asString().contains("READ_WRITE");

    Config putIfAbsent = protectedConfig(2);
    putIfAbsent.getMapConfig(LoopbackCluster.GLOBAL_DATA_MAPS)
        .setMergePolicyConfig(new MergePolicyConfig().setPolicy("PutIfAbsentMergePolicy"));
    assertThat(MemberConfigCheck.quorumProblems(putIfAbsent, MAP, 2))
        .singleElement().asString().contains("DiscardMergePolicy");
    assertThat(MemberConfigCheck.problems(putIfAbsent, MAP))
        .singleElement().asString().contains("bring back");
  }
}
