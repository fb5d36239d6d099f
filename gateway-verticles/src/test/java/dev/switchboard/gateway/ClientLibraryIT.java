package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every gateway serves the browser client library at {@code /switchboard-client.js} (and its
 * types at {@code /switchboard-client.d.ts}) on its HTTP port, with or without a web root: the
 * class path's bytes, GET and HEAD only, revalidated with an ETag, importable from any origin.
 */
class ClientLibraryIT {

  private static final String RESOURCES = "dev/switchboard/gateway/client/";

  private static HttpResponse<String> send(int port, String method, String path,
      String... headers) throws Exception {
    return Clients.http(port, method, path, headers);
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = ClientLibraryIT.class.getClassLoader()
        .getResourceAsStream(RESOURCES + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aGatewayWithoutWebRootServesTheLibraryAndItsTypes() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      Clients.echo(gateway);
      HttpResponse<String> script = send(gateway.port(), "GET", "/switchboard-client.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.body()).isEqualTo(resource("switchboard-client.js"))
          .contains("export class SwitchboardClient");
      assertThat(script.headers().firstValue("content-type"))
          .hasValue("text/javascript; charset=UTF-8");
      assertThat(script.headers().firstValue("cache-control")).hasValue("no-cache");
      assertThat(script.headers().firstValue("access-control-allow-origin")).hasValue("*");
      assertThat(script.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      String etag = script.headers().firstValue("etag").orElseThrow();
      assertThat(etag).matches("\"[0-9a-f]{32}\"");

      HttpResponse<String> types = send(gateway.port(), "GET", "/switchboard-client.d.ts");
      assertThat(types.statusCode()).isEqualTo(200);
      assertThat(types.body()).isEqualTo(resource("switchboard-client.d.ts"));
      assertThat(types.headers().firstValue("content-type"))
          .hasValue("text/plain; charset=UTF-8");
      assertThat(types.headers().firstValue("etag")).isPresent().isNotEqualTo(etag);

      Clients.assertServing(gateway);
    }
  }

  @Test
  void headRevalidationAndOtherMethods() throws Exception {
    try (GatewayHarness gateway = new GatewayHarness()) {
      int length = resource("switchboard-client.js").getBytes(StandardCharsets.UTF_8).length;
      HttpResponse<String> head = send(gateway.port(), "HEAD", "/switchboard-client.js");
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(length));
      assertThat(head.headers().firstValue("content-type"))
          .hasValue("text/javascript; charset=UTF-8");
      String etag = head.headers().firstValue("etag").orElseThrow();

      HttpResponse<String> same = send(gateway.port(), "GET", "/switchboard-client.js",
          "If-None-Match", etag);
      assertThat(same.statusCode()).isEqualTo(304);
      assertThat(same.body()).isEmpty();
      HttpResponse<String> other = send(gateway.port(), "GET", "/switchboard-client.js",
          "If-None-Match", "\"something else\"");
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(other.body()).hasSize(length);

      for (String method : new String[] {"POST", "PUT", "DELETE"}) {
        HttpResponse<String> refused = send(gateway.port(), method, "/switchboard-client.js");
        assertThat(refused.statusCode()).as(method).isEqualTo(405);
        assertThat(refused.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(refused.body()).isEqualTo("method not allowed\n");
      }
      for (String path : new String[] {"/switchboard-client.js/x", "/switchboard-client.jsx",
          "/switchboard-client.js.map", "/switchboard-client", "/x/../switchboard-client.js",
          "/SWITCHBOARD-CLIENT.JS"}) {
        HttpResponse<String> missing = send(gateway.port(), "GET", path);
        assertThat(missing.statusCode()).as(path).isIn(400, 404);
        assertThat(missing.body()).as(path).doesNotContain("export");
      }
      Clients.echo(gateway);
      Clients.assertServing(gateway);
    }
  }

  @Test
  void theLibraryIsServedBeforeAWebRootsFileOfTheSameName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("switchboard-client.js"), "alert('not the library')");
    Files.writeString(dir.resolve("index.html"), "the page");
    try (GatewayHarness gateway = new GatewayHarness(o -> o.setWebRoot(dir.toString()))) {
      HttpResponse<String> script = send(gateway.port(), "GET", "/switchboard-client.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.body()).isEqualTo(resource("switchboard-client.js"));
      assertThat(send(gateway.port(), "GET", "/").body()).isEqualTo("the page");
      assertThat(send(gateway.port(), "POST", "/switchboard-client.js").statusCode())
          .isEqualTo(405);
      Clients.echo(gateway);
      Clients.assertServing(gateway);
    }
  }
}
