package dev.switchboard.gateway;

import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code webRoot} inside a jar on the class path (how the all-in-one jar serves the chat page):
 * a gateway in a JVM of its own, whose working directory does not have the web root, serves the
 * jar's files, and answers 404 for a directory entry and for what the jar does not hold.
 */
class StaticFilesJarIT {

  private static final Pattern READY =
      Pattern.compile(Pattern.quote(EchoGatewayMain.READY) + "(\\d+)");

  @Test
  void filesOfAWebRootInAJarAreServed(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("web.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // with directory entries, as Maven's jar and shade plugins write them
      for (String name : List.of("jarweb/", "jarweb/index.html", "jarweb/sub/",
          "jarweb/sub/a.css")) {
        out.putNextEntry(new JarEntry(name));
        if (!name.endsWith("/")) {
          out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    Path workDir = Files.createDirectories(dir.resolve("work"));
    JsonObject config = new JsonObject().put("port", 0).put("webRoot", "jarweb");
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx128m", "-Djava.net.preferIPv4Stack=true", "-cp",
        jar + File.pathSeparator + System.getProperty("java.class.path"),
        EchoGatewayMain.class.getName(), config.encode());
    try (NodeProcess gateway = NodeProcess.launch(new ProcessBuilder(command)
        .directory(workDir.toFile()), READY)) {
      int port = Integer.parseInt(gateway.memberAddress());
      HttpResponse<String> index = get(port, "/");
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.body()).isEqualTo("content of jarweb/index.html");
      assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      HttpResponse<String> css = get(port, "/sub/a.css");
      assertThat(css.body()).isEqualTo("content of jarweb/sub/a.css");
      assertThat(css.headers().firstValue("content-type").orElse("")).startsWith("text/css");
      for (String path : List.of("/sub", "/sub/", "/missing.js", "/index.html/")) {
        HttpResponse<String> answer = get(port, path);
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
        assertThat(answer.body()).as(path).isEqualTo("not found\n");
      }
    }
    assertThat(workDir.resolve("jarweb")).doesNotExist(); // what was served came from the jar
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
