package dev.switchboard.globaldata;

import com.hazelcast.config.Config;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client mode across an outage of the whole cluster that lasts longer than the connect timeout:
 * calls fail promptly with {@link Reason#UNAVAILABLE} while no member is up, and the same
 * GlobalData works again once a member is back where the client knows it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientOutageIT {

  private static final long CONNECT_TIMEOUT = 2_000;
  /** The outage lasts this many connect timeouts. */
  private static final int OUTAGE_FACTOR = 3;
  /** Pause between two calls made during the outage. */
  private static final long CALL_PERIOD_MILLIS = 100;

  private ClusterNode member;
  private Vertx clientVertx;
  private GlobalData data;

  @AfterEach
  void closeEverything() {
    if (data != null) {
      result(data.close());
    }
    if (clientVertx != null) {
      result(clientVertx.close());
    }
    if (member != null) {
      result(member.vertx().close());
    }
  }

  @Test
  void callsFailAsUnavailableDuringALongOutageAndSucceedOnceAMemberIsBack() throws Exception {
    String clusterName = LoopbackCluster.randomClusterName();
    member = startMember(clusterName, 0);
    String address = member.memberAddress();
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    clientVertx = Vertx.vertx();
    data = result(GlobalData.client(clientVertx, new GlobalDataOptions().setClusterName(clusterName)
        .setMembers(List.of(address)).setConnectTimeout(CONNECT_TIMEOUT)));
    result(data.set("before", 1));

    result(member.vertx().close());
    member = null;
    long outageEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
        OUTAGE_FACTOR * CONNECT_TIMEOUT);
    int calls = 0;
    while (System.nanoTime() - outageEnds < 0) {
      long started = System.nanoTime();
      Throwable failure = failure(switch (calls % 3) {
        case 0 -> data.get("before");
        case 1 -> data.set("during", calls);
        default -> data.size();
      });
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(failure).isInstanceOf(GlobalDataException.class);
      assertThat(((GlobalDataException) failure).reason()).as("call %d: %s", calls, failure)
          .isEqualTo(Reason.UNAVAILABLE);
      assertThat(took).as("call %d fails within the connect timeout", calls)
          .isLessThanOrEqualTo(Duration.ofMillis(CONNECT_TIMEOUT + 1_000));
      calls++;
      result(clientVertx.timer(CALL_PERIOD_MILLIS));
    }
    assertThat(calls).isGreaterThan(3);

    member = startMember(clusterName, port);
    Await.condition(clientVertx, 100, () -> data.set("after", 2).map(true));
    assertThat(result(data.get("after"))).isEqualTo(2);
    assertThat(result(data.incrementOrCreate("counter", 1))).isEqualTo(1L);
  }

  private static ClusterNode startMember(String clusterName, int port) {
    Config config = LoopbackCluster.memberConfig(clusterName, List.of());
    config.getNetworkConfig().setPort(port).setReuseAddress(true);
    return result(LoopbackCluster.startNode(config), Duration.ofSeconds(60), "starting a member");
  }
}
