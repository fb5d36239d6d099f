package dev.switchboard.bench.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlateauTest {

  private static final long MIB = 1 << 20;

  private static List<NodeSampler.Sample> samples(long... heapMib) {
    List<NodeSampler.Sample> list = new ArrayList<>();
    for (int i = 0; i < heapMib.length; i++) {
      list.add(new NodeSampler.Sample(100 + 30.0 * i, 1, 1, 42, heapMib[i] * MIB, 120, 80,
          200 * MIB));
    }
    return list;
  }

  @Test
  void aFlatHeapIsAPlateau() {
    Plateau p = Plateau.check(samples(20, 22, 21, 23, 20, 22, 21, 22, 20), 0, 90, 1, 1);
    assertThat(p.judged()).isTrue();
    assertThat(p.failures()).isEmpty();
    assertThat(p.heapFirst()).isEqualTo(21.0 * MIB);
  }

  @Test
  void aGrowingHeapFailsAndSaysWhichNode() {
    Plateau p = Plateau.check(samples(20, 25, 30, 35, 40, 45, 50, 55, 60), 0, 90, 2, 3);
    assertThat(p.failures()).singleElement().asString()
        .startsWith("node 2 (incarnation 3): heap after GC grew from 25.0 MiB to 55.0 MiB");
  }

  @Test
  void growingDescriptorsOrThreadsFail() {
    List<NodeSampler.Sample> list = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      list.add(new NodeSampler.Sample(100 + 30.0 * i, 1, 1, 42, 20 * MIB, 100 + 10L * i,
          80 + 5L * i, 200 * MIB));
    }
    assertThat(Plateau.check(list, 0, 90, 1, 1).failures()).hasSize(2)
        .anySatisfy(f -> assertThat(f).contains("open descriptors grew from 120 to 180"))
        .anySatisfy(f -> assertThat(f).contains("threads grew from 90 to 120"));
  }

  @Test
  void samplesInTheWarmUpAreLeftOutAndTooFewAreNotJudged() {
    // the first two samples (100 s, 130 s) are within 140 s of the start at 0
    Plateau p = Plateau.check(samples(100, 100, 20, 20, 20, 20, 20), 0, 140, 1, 1);
    assertThat(p.samplesJudged()).isEqualTo(5);
    assertThat(p.judged()).isFalse();
    assertThat(p.failures()).isEmpty();
  }
}
