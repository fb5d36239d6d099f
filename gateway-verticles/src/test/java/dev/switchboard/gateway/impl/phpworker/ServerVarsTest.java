package dev.switchboard.gateway.impl.phpworker;

import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.Protocol;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerVarsTest {

  @Test
  void theHandshakeBecomesWorkermansGetServerAndCookie() {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("room", List.of("r 1"));
    query.put("tag", List.of("a", "b"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of("chat.example:8282"));
    headers.put("X-Forwarded-For", List.of("1.2.3.4", "5.6.7.8"));
    Handshake handshake = new Handshake(Protocol.WEBSOCKET, "/ws", query, headers,
        Map.of("sid", "42"), List.of(), "127.0.0.1:5000", "10.1.2.3:6000", null);
    JsonObject vars = ServerVars.of(handshake, 8282);
    assertThat(vars.getJsonObject("get")).isEqualTo(new JsonObject().put("room", "r 1")
        .put("tag", "b"));
    assertThat(vars.getJsonObject("cookie")).isEqualTo(new JsonObject().put("sid", "42"));
    JsonObject server = vars.getJsonObject("server");
    assertThat(server.getString("QUERY_STRING")).isEqualTo("room=r+1&tag=a&tag=b");
    assertThat(server.getString("REQUEST_URI")).isEqualTo("/ws?room=r+1&tag=a&tag=b");
    assertThat(server.getString("REQUEST_METHOD")).isEqualTo("GET");
    assertThat(server.getString("SERVER_PROTOCOL")).isEqualTo("HTTP/1.1");
    assertThat(server.getString("SERVER_NAME")).isEqualTo("chat.example");
    assertThat(server.getValue("CONTENT_TYPE")).isNull();
    assertThat(server.getString("REMOTE_ADDR")).isEqualTo("10.1.2.3");
    assertThat(server.getInteger("REMOTE_PORT")).isEqualTo(6000);
    assertThat(server.getInteger("SERVER_PORT")).isEqualTo(8282);
    assertThat(server.getString("HTTP_HOST")).isEqualTo("chat.example:8282");
    assertThat(server.getString("HTTP_X_FORWARDED_FOR")).isEqualTo("1.2.3.4, 5.6.7.8");
  }

  @Test
  void addressesAreSplitAsPhpWouldSeeThem() {
    assertThat(ServerVars.hostAndPort("1.2.3.4:80")).containsExactly("1.2.3.4", "80");
    assertThat(ServerVars.hostAndPort("[::1]:80")).containsExactly("::1", "80");
    assertThat(ServerVars.hostAndPort("example.org")).containsExactly("example.org", "");
    assertThat(ServerVars.hostAndPort("::1")).containsExactly("::1", "");
    assertThat(WorkerForwarder.ipv4("127.0.0.1")).isEqualTo(0x7f000001L);
    assertThat(WorkerForwarder.ipv4("255.255.255.255")).isEqualTo(0xffffffffL);
    assertThat(WorkerForwarder.ipv4("::1")).isZero();
    assertThat(WorkerForwarder.ipv4("1.2.3.256")).isZero();
    assertThat(WorkerForwarder.ipv4("1.2.3")).isZero();
    assertThat(WorkerForwarder.ipv4("1..2.3")).isZero();
  }
}
