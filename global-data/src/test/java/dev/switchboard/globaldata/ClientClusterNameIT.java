package dev.switchboard.globaldata;

import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LogCapture;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client given another cluster's name, against a real member: one clear failure at once, not
 * retries until the connect timeout with a warning each.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientClusterNameIT {

  @Test
  void aClusterNameMismatchFailsAtOnceNamingTheNameTheMembersRefused() throws Exception {
    ClusterNode member = result(LoopbackCluster.startNode(LoopbackCluster.randomClusterName(),
        List.of()));
    Vertx vertx = Vertx.vertx();
    try (LogCapture hazelcast = new LogCapture("com.hazelcast");
         LogCapture switchboard = new LogCapture("dev.switchboard")) {
      GlobalDataOptions options = new GlobalDataOptions().setClusterName("not-their-name")
          .setMembers(List.of(member.memberAddress())).setConnectTimeout(60_000);
      long started = System.nanoTime();
      Throwable failure = failure(GlobalData.client(vertx, options));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("fails at the refusal, not at the connect timeout").isLessThan(Duration.ofSeconds(30));
      assertThat(failure).isInstanceOf(GlobalDataException.class)
          .hasMessageContaining("refused cluster name \"not-their-name\"")
          .hasMessageContaining(member.memberAddress());
      assertThat(((GlobalDataException) failure).reason()).isEqualTo(Reason.WRONG_CLUSTER);
      assertThat(hazelcast.lines()).as("a few lines, not one per retry").hasSizeLessThan(10);
      assertThat(switchboard.lines().stream().filter(line -> line.startsWith("WARN")
          || line.startsWith("ERROR"))).isEmpty();
    } finally {
      result(vertx.close());
      result(member.vertx().close());
    }
  }
}
