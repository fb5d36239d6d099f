package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Commands;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node side of the gateway benchmark: the node executable, the directory of the scripts
 * ({@code benchmarks/gateway}, where {@code benchmarks/gateway.sh} ran {@code npm ci}), and the
 * versions in use, for the report.
 *
 * <p>Immutable; safe from any thread.
 *
 * @param node     the node executable
 * @param dir      the scripts' directory, absolute
 * @param version  what {@code node --version} printed
 * @param packages installed version of each package that matters, by name
 */
record NodeRuntime(String node, Path dir, String version, Map<String, String> packages) {

  /** The packages whose versions the report gives. */
  private static final List<String> PACKAGES =
      List.of("socket.io", "engine.io", "socket.io-adapter", "socket.io-parser", "ws",
          "@socket.io/redis-adapter", "redis", "@redis/client", "jsonwebtoken");

  /**
   * @param node the node executable
   * @param dir  the scripts' directory
   * @return the runtime
   * @throws IOException           when node cannot be run or a package is not installed
   * @throws InterruptedException  when interrupted while running node
   */
  static NodeRuntime probe(String node, Path dir) throws IOException, InterruptedException {
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(abs.resolve("loadgen.js"))) {
      throw new IOException("no loadgen.js in " + abs + " (--node-dir)");
    }
    String version = Commands.run(List.of(node, "--version"), Duration.ofSeconds(20)).trim();
    Map<String, String> packages = new LinkedHashMap<>();
    for (String name : PACKAGES) {
      Path manifest = abs.resolve("node_modules").resolve(name).resolve("package.json");
      if (!Files.isRegularFile(manifest)) {
        throw new IOException(manifest + " is missing: run `npm ci` in " + abs
            + " (benchmarks/gateway.sh does)");
      }
      packages.put(name, new JsonObject(Files.readString(manifest)).getString("version", "?"));
    }
    return new NodeRuntime(node, abs, version, Map.copyOf(packages));
  }

  /**
   * @param script a script of the directory
   * @return its absolute path
   */
  String script(String script) {
    return dir.resolve(script).toString();
  }

  /**
   * @return "node v20.x; socket.io 4.8.4, ..." for the report
   */
  String describe() {
    StringBuilder out = new StringBuilder("Node ").append(version).append("; packages (npm ci "
        + "from benchmarks/gateway/package-lock.json):");
    PACKAGES.forEach(p -> out.append(' ').append(p).append(' ').append(packages.get(p))
        .append(','));
    out.setLength(out.length() - 1);
    return out.toString();
  }
}
