package dev.switchboard.testkit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking client of Prometheus's HTTP API ({@code /api/v1/query}, {@code /api/v1/targets},
 * {@code /-/ready}), each call bounded in time, answers parsed with Vert.x's JSON types.
 *
 * <p>Safe from any thread but an event loop (it blocks).
 */
final class PrometheusApi {

  /** Bound of one HTTP call. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

  PrometheusApi(URI base) {
    this.base = base;
  }

  /**
   * @return whether {@code /-/ready} answers 200 (false while it starts or cannot be reached)
   */
  boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @param promql an instant query
   * @return its samples (one, without labels, for a scalar)
   * @throws IllegalArgumentException when Prometheus refuses the query; the message has its error
   * @throws IllegalStateException    when Prometheus cannot be reached or answers something else
   */
  List<PrometheusServer.Sample> query(String promql) {
    JsonObject data = call("/api/v1/query?query=" + URLEncoder.encode(promql,
        StandardCharsets.UTF_8), promql).getJsonObject("data");
    String type = data.getString("resultType");
    List<PrometheusServer.Sample> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (Object each : data.getJsonArray("result")) {
          JsonObject sample = (JsonObject) each;
          samples.add(new PrometheusServer.Sample(labels(sample.getJsonObject("metric")),
              value(sample.getJsonArray("value"))));
        }
      }
      case "scalar" -> samples.add(new PrometheusServer.Sample(Map.of(),
          value(data.getJsonArray("result"))));
      default -> throw new IllegalArgumentException(promql + ": a " + type
          + " result; an instant vector or a scalar was expected");
    }
    return samples;
  }

  /**
   * @return the active targets of {@code /api/v1/targets}
   */
  List<PrometheusServer.Target> targets() {
    List<PrometheusServer.Target> targets = new ArrayList<>();
    for (Object each : call("/api/v1/targets?state=active", "targets").getJsonObject("data")
        .getJsonArray("activeTargets")) {
      JsonObject target = (JsonObject) each;
      targets.add(new PrometheusServer.Target(target.getString("scrapeUrl"),
          target.getString("health"), target.getString("lastError", "")));
    }
    return targets;
  }

  private JsonObject call(String pathAndQuery, String what) {
    HttpResponse<String> response;
    try {
      response = get(pathAndQuery);
    } catch (IOException e) {
      throw new IllegalStateException(what + ": Prometheus at " + base + " cannot be reached: "
          + e, e);
    }
    JsonObject body;
    try {
      body = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException(what + ": HTTP " + response.statusCode()
          + " and not a JSON object: " + response.body(), e);
    }
    if (!"success".equals(body.getString("status"))) {
      throw new IllegalArgumentException(what + ": " + body.getString("errorType") + ": "
          + body.getString("error"));
    }
    return body;
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(CALL_TIMEOUT).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Map<String, String> labels(JsonObject metric) {
    Map<String, String> labels = new LinkedHashMap<>();
    metric.forEach(entry -> labels.put(entry.getKey(), String.valueOf(entry.getValue())));
    return labels;
  }

  /** {@code [time, "value"]}: Prometheus sends the value as a string ("NaN", "+Inf" included). */
  private static double value(JsonArray pair) {
    String text = pair.getString(1);
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
