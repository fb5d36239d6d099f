package dev.switchboard.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The samples of one scrape in Prometheus's text exposition format, to assert what a node's
 * meters say. Only the sample lines are read ({@code name{label="value",...} number}); comments,
 * timestamps and exemplars are left out.
 *
 * <p>Threading: immutable once parsed.
 */
public final class ScrapedMetrics {

  /**
   * The labels a Switchboard meter may have, each with values bounded by the deployment (a
   * reason, an operation, a result, a path between nodes, a policy, a node id, a verticle): never
   * a client id, uid, group, channel or key.
   */
  public static final Set<String> BOUNDED_LABELS = Set.of("reason", "op", "result", "path",
      "policy", "peer", "verticle", "loop");

  /** One sample: its metric name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {
  }

  private final List<Sample> samples;

  private ScrapedMetrics(List<Sample> samples) {
    this.samples = samples;
  }

  /**
   * @param text a scrape in Prometheus's text format
   * @return its samples
   * @throws IllegalArgumentException on a sample line that is not in the format
   */
  public static ScrapedMetrics parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new ScrapedMetrics(samples);
  }

  /**
   * Scrapes a metrics listener: {@code GET http://127.0.0.1:port/metrics} (blocking, 10 s at
   * most).
   *
   * @param port the listener's port
   * @return its samples
   * @throws IOException when the request fails or the answer is not 200
   */
  public static ScrapedMetrics scrape(int port) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics on port " + port + ": " + response.statusCode());
    }
    return parse(response.body());
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // past ="
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            c = line.charAt(++j);
            value.append(c == 'n' ? '\n' : c);
          } else {
            value.append(c);
          }
        }
        labels.put(line.substring(i, eq).trim(), value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else if (space > 0) {
      name = line.substring(0, space);
      rest = space;
    } else {
      throw new IllegalArgumentException("not a sample line: " + line);
    }
    String[] fields = line.substring(rest).trim().split("\\s+");
    return new Sample(name, labels, Double.parseDouble(fields[0]));
  }

  /** @return every sample */
  public List<Sample> samples() {
    return samples;
  }

  /**
   * @param name   a sample name ({@code switchboard_channel_events_out_total})
   * @param labels pairs of label name and value the samples must have (others may have more)
   * @return the sum of the matching samples, 0 when there is none
   */
  public double value(String name, String... labels) {
    double sum = 0;
    for (Sample sample : matching(name, labels)) {
      sum += sample.value();
    }
    return sum;
  }

  /**
   * @param name   a sample name
   * @param labels pairs of label name and value the samples must have
   * @return the matching samples
   */
  public List<Sample> matching(String name, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name) && has(sample, labels)) {
        found.add(sample);
      }
    }
    return found;
  }

  /**
   * @param name a sample name
   * @return whether the scrape has a sample of that name
   */
  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * @param prefix the start of the sample names to look at ({@code switchboard_})
   * @return the label names of those samples, but the histograms' {@code le}
   */
  public Set<String> labelNames(String prefix) {
    Set<String> names = new TreeSet<>();
    for (Sample sample : samples) {
      if (sample.name().startsWith(prefix)) {
        names.addAll(sample.labels().keySet());
      }
    }
    names.remove("le");
    return names;
  }

  private static boolean has(Sample sample, String[] labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
