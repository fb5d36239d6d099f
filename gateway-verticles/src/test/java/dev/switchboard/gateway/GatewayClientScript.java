package dev.switchboard.gateway;

import dev.switchboard.testkit.Php;
import dev.switchboard.testkit.PhpProcess;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code testkit/src/main/php/gateway_client.php}, the GatewayClient side of GatewayWorker's
 * protocol written in PHP with its own pack()/serialize(), against gateway inner addresses: each
 * call's result as JSON, once every gateway has run every command.
 */
final class GatewayClientScript {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final List<String> addresses;
  private final String secret;

  GatewayClientScript(List<String> addresses, String secret) {
    this.addresses = addresses;
    this.secret = secret;
  }

  /**
   * @param calls each call: its name, then its arguments (JSON values)
   * @return each call's result (JSON values: null, Number, String, JsonArray, JsonObject…)
   */
  List<Object> run(Object[]... calls) throws Exception {
    PhpProcess php = start(calls);
    try (php) {
      int status = php.awaitExit(TIMEOUT);
      assertThat(status).as("php exit status; output %s; stderr %s", php.lines(), php.stderr())
          .isZero();
      php.awaitLine("done"::equals, TIMEOUT); // the output is read as it comes: all of it
      assertThat(php.stderr()).as("php stderr").isEmpty();
      List<Object> results = new ArrayList<>();
      for (String line : php.lines()) {
        if (line.startsWith("result ")) {
          String json = line.substring(line.indexOf(' ', "result ".length()) + 1);
          results.add(Json.decodeValue(json));
        }
      }
      assertThat(php.lines()).as("php output").endsWith("done").hasSize(calls.length + 1);
      return results;
    }
  }

  /** @return one call's result */
  Object one(Object... call) throws Exception {
    return run(call).get(0);
  }

  /**
   * @return the script, running (for a run that the gateway is expected to cut)
   */
  PhpProcess start(Object[]... calls) throws Exception {
    JsonArray list = new JsonArray();
    for (Object[] call : calls) {
      list.add(new JsonArray(Arrays.asList(call)));
    }
    JsonObject config = new JsonObject().put("addresses", new JsonArray(new ArrayList<>(addresses)))
        .put("secret", secret).put("calls", list);
    return Php.start(Php.script("gateway_client.php"), config.encode());
  }

  static Object[] call(Object... call) {
    return call;
  }
}
