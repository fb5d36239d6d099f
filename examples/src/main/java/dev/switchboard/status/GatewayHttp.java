package dev.switchboard.status;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Reads a gateway's status over HTTP with a bound on the whole exchange, and checks that the
 * answer is a Switchboard gateway's (JSON of the expected shape): anything else is one line
 * saying that this is not a gateway, or not its status listener.
 *
 * <p>Threading: blocking; the tool's main thread.
 */
final class GatewayHttp {

  private final Address server;
  private final Duration timeout;
  private final HttpClient client;

  GatewayHttp(Address server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * @param path  the path and query
   * @param shape what the decoded JSON of a gateway's answer satisfies
   * @return the decoded answer
   * @throws StatusException when there is no answer in time, or not a gateway's
   */
  Object get(String path, Predicate<Object> shape) throws StatusException {
    HttpResponse<String> response;
    try {
      response = client.send(HttpRequest.newBuilder(URI.create("http://" + server + path))
          .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new StatusException("no connection to " + server + " within " + seconds());
    } catch (HttpTimeoutException e) {
      throw notGateway("no HTTP answer within " + seconds());
    } catch (ConnectException e) {
      throw new StatusException("nothing listens at " + server + " (connection refused)");
    } catch (IOException e) {
      // the exception's message may quote the bytes received: never echoed
      throw notGateway("it does not answer HTTP");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusException("interrupted");
    }
    String type = response.headers().firstValue("content-type").orElse("none");
    if (response.statusCode() == 404 && path.startsWith("/status/connections")) {
      throw new StatusException(server + " serves no connection rows: give the address of the"
          + " gateway's status listener (option statusPort), not its HTTP port");
    }
    if (response.statusCode() == 503 && type.startsWith("text/plain")) {
      throw new StatusException(server + ": status unavailable (HTTP 503), see the node's log");
    }
    if (response.statusCode() != 200 || !type.startsWith("application/json")) {
      throw notGateway("GET " + path + " answered HTTP " + response.statusCode() + ", "
          + type);
    }
    Object json;
    try {
      json = Json.decodeValue(response.body());
    } catch (DecodeException e) {
      throw notGateway("GET " + path + " answered JSON that does not parse");
    }
    if (!shape.test(json)) {
      throw notGateway("GET " + path + " answered JSON of another shape");
    }
    return json;
  }

  private StatusException notGateway(String why) {
    return new StatusException("this is not a Switchboard gateway at " + server + ": " + why);
  }

  private String seconds() {
    return timeout.toMillis() / 1000.0 + " s";
  }
}
