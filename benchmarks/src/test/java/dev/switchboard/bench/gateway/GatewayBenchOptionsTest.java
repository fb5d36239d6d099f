package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayBenchOptionsTest {

  private static GatewayBenchOptions parse(String... args) {
    GatewayBenchOptions options = new GatewayBenchOptions();
    assertThat(CommandLines.parse(options, args)).isFalse();
    return options;
  }

  @Test
  void noArgumentsGiveTheDefaults() {
    GatewayBenchOptions o = parse();
    assertThat(o.scenarios()).containsExactly(GatewayScenario.FANOUT, GatewayScenario.MEMORY,
        GatewayScenario.SLOW);
    assertThat(o.servers()).containsExactly(ServerKind.values());
    assertThat(o.groupServers()).containsExactly(ServerKind.OURS, ServerKind.SOCKET_IO);
    assertThat(o.rounds()).isEqualTo(3);
    assertThat(o.quick()).isFalse();
    assertThat(o.connections()).isEqualTo(5_000);
    assertThat(o.payload()).isEqualTo(128);
    assertThat(o.intervalMillis()).isEqualTo(10);
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.drain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.idleConnections()).isEqualTo(10_000);
    assertThat(o.prime()).isEqualTo(100);
    assertThat(o.slow().servers()).containsExactly(ServerKind.values());
    assertThat(o.slow().clients()).isEqualTo(1_000);
    assertThat(o.slow().stalled()).isEqualTo(10);
    assertThat(o.slow().payload()).isEqualTo(16_384);
    assertThat(o.slow().intervalMillis()).isEqualTo(50);
    assertThat(o.slow().warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.slow().duration()).isEqualTo(Duration.ofSeconds(25));
    assertThat(o.maxSendBuffer()).isEqualTo(1_048_576);
    assertThat(o.loadgenWorkers()).isEqualTo(1);
    assertThat(o.concurrency()).isEqualTo(200);
    assertThat(o.node()).isEqualTo("node");
    assertThat(o.nodeDir()).isEqualTo(Path.of("benchmarks", "gateway"));
    assertThat(o.redisServer()).isEqualTo("redis-server");
    assertThat(o.resultsDir()).isEqualTo(Path.of("benchmarks", "results"));
  }

  @Test
  void everyOptionSetsItsValue() {
    GatewayBenchOptions o = parse("--scenarios", "memory,groupsend", "--servers", "ws,ours",
        "--slow-servers", "socketio", "--group-servers", "ours", "--rounds", "2",
        "--connections", "300", "--payload", "256", "--interval", "2.5", "--warmup", "1",
        "--duration", "4", "--drain", "0", "--idle-connections", "700", "--prime", "0",
        "--slow-clients", "50", "--stalled", "3", "--slow-payload", "1024", "--slow-interval",
        "20", "--slow-warmup", "0.5", "--slow-duration", "2", "--max-send-buffer", "65536",
        "--loadgen-workers", "0", "--concurrency", "10", "--node", "/usr/bin/node",
        "--node-dir", "nd", "--redis-server", "rs", "--results", "res");
    assertThat(o.scenarios()).containsExactly(GatewayScenario.MEMORY, GatewayScenario.GROUPSEND);
    assertThat(o.servers()).containsExactly(ServerKind.WS, ServerKind.OURS);
    assertThat(o.slow().servers()).containsExactly(ServerKind.SOCKET_IO);
    assertThat(o.groupServers()).containsExactly(ServerKind.OURS);
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.connections()).isEqualTo(300);
    assertThat(o.payload()).isEqualTo(256);
    assertThat(o.intervalMillis()).isEqualTo(2.5);
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(o.drain()).isZero();
    assertThat(o.idleConnections()).isEqualTo(700);
    assertThat(o.prime()).isZero();
    assertThat(o.slow().clients()).isEqualTo(50);
    assertThat(o.slow().stalled()).isEqualTo(3);
    assertThat(o.slow().payload()).isEqualTo(1024);
    assertThat(o.slow().intervalMillis()).isEqualTo(20);
    assertThat(o.slow().warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.slow().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.maxSendBuffer()).isEqualTo(65_536);
    assertThat(o.loadgenWorkers()).isZero();
    assertThat(o.concurrency()).isEqualTo(10);
    assertThat(o.node()).isEqualTo("/usr/bin/node");
    assertThat(o.nodeDir()).isEqualTo(Path.of("nd"));
    assertThat(o.redisServer()).isEqualTo("rs");
    assertThat(o.resultsDir()).isEqualTo(Path.of("res"));
  }

  @Test
  void quickShrinksTheRunsAndOptionsAfterItStillApply() {
    GatewayBenchOptions o = parse("--quick", "--connections", "100");
    assertThat(o.quick()).isTrue();
    assertThat(o.rounds()).isEqualTo(1);
    assertThat(o.connections()).isEqualTo(100);
    assertThat(o.intervalMillis()).isEqualTo(20);
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.drain()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.idleConnections()).isEqualTo(2_000);
    assertThat(o.slow().clients()).isEqualTo(200);
    assertThat(o.slow().warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.slow().duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(parse("--slow-clients", "9", "--quick").slow().clients()).isEqualTo(200);
  }

  @Test
  void theConnectScenarioIsOptInWithItsOwnOptions() {
    GatewayBenchOptions defaults = parse();
    assertThat(defaults.scenarios()).doesNotContain(GatewayScenario.CONNECT);
    assertThat(defaults.connect().servers()).containsExactly(ConnectServer.OURS,
        ConnectServer.OURS_JWT, ConnectServer.SOCKET_IO, ConnectServer.SOCKET_IO_JWT);
    assertThat(defaults.connect().concurrency()).isEqualTo(64);
    assertThat(defaults.connect().workers()).isEqualTo(2);
    assertThat(defaults.connect().warmup()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.connect().duration()).isEqualTo(Duration.ofSeconds(15));

    GatewayBenchOptions o = parse("--scenarios", "connect", "--connect-servers",
        "socketio+jwt,ours+jwt", "--connect-concurrency", "8", "--connect-workers", "0",
        "--connect-warmup", "0.5",
        "--connect-duration", "2", "--rounds", "2");
    assertThat(o.scenarios()).containsExactly(GatewayScenario.CONNECT);
    assertThat(o.connect().servers()).containsExactly(ConnectServer.SOCKET_IO_JWT,
        ConnectServer.OURS_JWT);
    assertThat(o.connect().concurrency()).isEqualTo(8);
    assertThat(o.connect().workers()).isZero();
    assertThat(o.connect().warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.connect().duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(Reproduce.command(o, GatewayScenario.CONNECT)).isEqualTo("benchmarks/gateway.sh "
        + "--scenarios connect --connect-servers socketio+jwt,ours+jwt --rounds 2 "
        + "--connect-concurrency 8 --connect-workers 0 --connect-warmup 0.5 "
        + "--connect-duration 2.0");

    GatewayBenchOptions quick = parse("--quick", "--scenarios", "connect");
    assertThat(quick.connect().warmup()).isEqualTo(Duration.ofSeconds(1));
    assertThat(quick.connect().duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(quick.rounds()).isEqualTo(1);

    assertThatThrownBy(() -> parse("--connect-servers", "ws+jwt"))
        .hasMessage("unknown connect server ws+jwt (known: ours,ours+jwt,socketio,socketio+jwt)");
    assertThatThrownBy(() -> parse("--connect-concurrency", "0"))
        .hasMessageContaining("--connect-concurrency");
  }

  @Test
  void aConnectServerIsStartedAndReachedAsItsKindSays() {
    assertThat(ConnectServer.OURS.serverArguments("s")).containsExactly("--connect-ack");
    assertThat(ConnectServer.OURS_JWT.serverArguments("s")).containsExactly("--connect-ack",
        "--jwt-secret", "s");
    assertThat(ConnectServer.SOCKET_IO.serverArguments("s")).isEmpty();
    assertThat(ConnectServer.SOCKET_IO_JWT.serverArguments("s")).containsExactly("--jwt-secret",
        "s");
    assertThat(ConnectServer.OURS.url(81, "a.b.c")).isEqualTo("ws://127.0.0.1:81/?token=a.b.c");
    assertThat(ConnectServer.SOCKET_IO_JWT.url(81, "a.b.c"))
        .isEqualTo("ws://127.0.0.1:81/socket.io/?EIO=4&transport=websocket");
    assertThat(ConnectServer.SOCKET_IO_JWT.label()).isEqualTo("Socket.IO + JWT");
  }

  @Test
  void anOptionGivenAgainOverridesTheFirst() {
    GatewayBenchOptions o = parse("--results", "benchmarks/results", "--node-dir", "a",
        "--results", "mine", "--node-dir", "b");
    assertThat(o.resultsDir()).isEqualTo(Path.of("mine"));
    assertThat(o.nodeDir()).isEqualTo(Path.of("b"));
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> parse("--group-servers", "ws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--group-servers: ws has no group send (known: ours,socketio)");
    assertThatThrownBy(() -> parse("--interval", "0.01"))
        .hasMessage("--interval must be between 0.1 and 60000 ms");
    assertThatThrownBy(() -> parse("--slow-duration", "0.2"))
        .hasMessage("--slow-duration must be between 0.5 and 600 seconds");
    assertThatThrownBy(() -> parse("--scenarios", "nope")).hasMessageContaining("nope");
  }

  @Test
  void reproduceGivesTheCommandLineOfOneScenario() {
    GatewayBenchOptions o = parse("--quick", "--servers", "ours");
    assertThat(Reproduce.command(o, GatewayScenario.MEMORY)).isEqualTo("benchmarks/gateway.sh "
        + "--scenarios memory --servers ours --rounds 1 --idle-connections 2000 --prime 100 "
        + "--loadgen-workers 1 --concurrency 200");
    assertThat(Reproduce.command(o, GatewayScenario.SLOW)).isEqualTo("benchmarks/gateway.sh "
        + "--scenarios slow --slow-servers ours,socketio,ws --rounds 1 --slow-clients 200 "
        + "--stalled 10 --slow-payload 16384 --slow-interval 50 --slow-warmup 1.0 "
        + "--slow-duration 4.0 --drain 2.0 --max-send-buffer 1048576 --loadgen-workers 1 "
        + "--concurrency 200");
    assertThat(Reproduce.number(2.5)).isEqualTo("2.5");
    assertThat(Reproduce.number(20)).isEqualTo("20");
  }

  @Test
  void helpListsEveryOption() {
    assertThat(CommandLines.parse(new GatewayBenchOptions(), "-h")).isTrue();
    assertThat(CommandLines.usage(new GatewayBenchOptions()))
        .startsWith("usage: GatewayBench [options]")
        .contains("--scenarios", "--servers", "--slow-servers", "--group-servers", "--rounds",
            "--quick", "--connections", "--payload", "--interval", "--warmup", "--duration",
            "--drain", "--idle-connections", "--prime", "--slow-clients", "--stalled",
            "--slow-payload", "--slow-interval", "--slow-warmup", "--slow-duration",
            "--max-send-buffer", "--loadgen-workers", "--concurrency", "--node", "--node-dir",
            "--redis-server", "--results", "--help");
  }

  @Test
  void childProcessCommandLinesParse() {
    GatewayBenchServer.Options server = new GatewayBenchServer.Options();
    assertThat(CommandLines.parse(server, "--port", "0", "--max-send-buffer", "4096")).isFalse();
    assertThat(server.server().port()).isZero();
    assertThat(server.server().maxSendBuffer()).isEqualTo(4096);
    assertThat(new GatewayBenchServer.Options().server().maxSendBuffer()).isEqualTo(1_048_576);
    assertThat(server.connectAck()).isFalse();
    assertThat(server.jwt()).isNull();
    GatewayBenchServer.Options connect = new GatewayBenchServer.Options();
    CommandLines.parse(connect, "--connect-ack", "--jwt-secret",
        "a-bench-secret-of-at-least-32-characters");
    assertThat(connect.connectAck()).isTrue();
    assertThat(connect.jwt().getSecret()).isEqualTo("a-bench-secret-of-at-least-32-characters");
    assertThatThrownBy(() -> CommandLines.parse(new GatewayBenchServer.Options(), "--jwt-secret",
        "short")).hasMessageContaining("32");

    GroupSendNode.Options node = new GroupSendNode.Options();
    CommandLines.parse(node, "--role", "sender", "--cluster", "c1", "--members",
        "127.0.0.1:5701,127.0.0.1:5702", "--port", "8080");
    assertThat(node.role()).isEqualTo("sender");
    assertThat(node.cluster()).isEqualTo("c1");
    assertThat(node.members()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(node.group()).isEqualTo("bench");
    assertThat(node.server().port()).isEqualTo(8080);
    assertThat(node.server().maxSendBuffer()).isEqualTo(1_048_576);
    assertThatThrownBy(() -> CommandLines.parse(new GroupSendNode.Options(), "--role", "gateway"))
        .hasMessageContaining("--cluster");
    assertThatThrownBy(() -> CommandLines.parse(new GroupSendNode.Options(), "--role", "boss",
        "--cluster", "c")).hasMessage("--role must be gateway or sender: boss");
  }
}
