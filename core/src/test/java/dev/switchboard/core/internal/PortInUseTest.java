package dev.switchboard.core.internal;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortInUseTest {

  @Test
  void aPortInUseIsNamedWithItsHolder() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Future<NetServer> listening = PortInUse.named(vertx.createNetServer()
          .connectHandler(socket -> { }).listen(port, "127.0.0.1"), "test port", "127.0.0.1",
          port);
      Throwable failure = Await.failure(listening);
      assertThat(failure).isInstanceOf(BindException.class)
          .hasMessage("test port 127.0.0.1:" + port + " is in use (held by pid "
              + ProcessHandle.current().pid() + " java)");
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void otherFailuresPassUnchanged() {
    IllegalStateException other = new IllegalStateException("not a bind failure");
    assertThat(Await.failure(PortInUse.named(Future.failedFuture(other), "p", "h", 1)))
        .isSameAs(other);
  }

  @Test
  void readsTheListeningInodesOfAPortFromAProcNetTable() {
    Set<String> inodes = new HashSet<>();
    PortInUse.listeningInodes(List.of(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            + "timeout inode",
        "   0: 0100007F:205A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 "
            + "       0 12345 1 0000000000000000 100 0 0 10 0",
        "   1: 0100007F:205A 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0 "
            + "       0 67890 1 0000000000000000 100 0 0 10 0",
        "   2: 0100007F:205B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 "
            + "       0 11111 1 0000000000000000 100 0 0 10 0"), 0x205A, inodes);
    assertThat(inodes).containsExactly("12345");
  }
}
