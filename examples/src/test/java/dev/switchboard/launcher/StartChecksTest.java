package dev.switchboard.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StartChecksTest {

  @Test
  void aConfThatIsNoFileNorJsonIsRefusedNamingIt() {
    assertThat(StartChecks.refusal(List.of("run", "V", "-conf", "notfound.json"), new Properties()))
        .isEqualTo("-conf notfound.json: no such file (nor inline JSON)");
    assertThat(StartChecks.refusal(List.of("run", "V", "--conf=notfound.json"), new Properties()))
        .isEqualTo("-conf notfound.json: no such file (nor inline JSON)");
  }

  @Test
  void aConfFileWithoutAJsonObjectIsRefusedNamingTheFileAndWhere(@TempDir Path dir)
      throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"port\": 80,,}");
    assertThat(StartChecks.refusal(List.of("run", "V", "-conf", bad.toString()), new Properties()))
        .startsWith("-conf " + bad + ": not a JSON object: ")
        .contains("line: 1, column: ").doesNotContain("\n");
    Path array = Files.writeString(dir.resolve("array.json"), "[1]");
    assertThat(StartChecks.refusal(List.of("-conf", array.toString()), new Properties()))
        .startsWith("-conf " + array + ": not a JSON object");
  }

  @Test
  void inlineJsonThatIsBrokenIsRefusedWithoutShowingIt() {
    assertThat(StartChecks.refusal(List.of("run", "V", "-conf", "{\"token\":\"s3cret\""),
        new Properties())).startsWith("-conf: the inline JSON is not a JSON object: ")
        .doesNotContain("s3cret");
  }

  @Test
  void aGoodConfFileOrInlineObjectPasses(@TempDir Path dir) throws Exception {
    Path good = Files.writeString(dir.resolve("good.json"), "{\"port\": 80}");
    assertThat(StartChecks.refusal(List.of("run", "V", "-conf", good.toString()),
        new Properties())).isNull();
    assertThat(StartChecks.refusal(List.of("run", "V", "-conf", "{\"port\":0}", "-cluster"),
        new Properties())).isNull();
    assertThat(StartChecks.refusal(List.of("run", "V"), new Properties())).isNull();
  }

  @Test
  void aMissingHazelcastConfigIsRefusedInsteadOfFallingBack(@TempDir Path dir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("vertx.hazelcast.config", "/nonexistent.xml");
    assertThat(StartChecks.refusal(List.of("run", "V", "-cluster"), properties))
        .isEqualTo("-Dvertx.hazelcast.config=/nonexistent.xml: no such file (not falling back"
            + " to the shipped cluster.xml)");
    properties.setProperty("vertx.hazelcast.config", "classpath:nonexistent.xml");
    assertThat(StartChecks.refusal(List.of("run", "V"), properties)).isNotNull();
    properties.setProperty("vertx.hazelcast.config", "classpath:cluster.xml");
    assertThat(StartChecks.refusal(List.of("run", "V"), properties)).isNull();
    properties.setProperty("vertx.hazelcast.config",
        Files.writeString(dir.resolve("c.xml"), "<hazelcast/>").toString());
    assertThat(StartChecks.refusal(List.of("run", "V"), properties)).isNull();
  }

  @Test
  void aFailureIsSaidInOneLineFromItsCauses() {
    Exception nested = new IllegalStateException("deploy failed",
        new java.net.BindException("gateway HTTP port 127.0.0.1:1 is in use\n(held by pid 1 x)"));
    assertThat(StartFailure.reason(nested))
        .isEqualTo("deploy failed: gateway HTTP port 127.0.0.1:1 is in use (held by pid 1 x)");
    assertThat(StartFailure.reason(new ClassNotFoundException("com.example.Missing")))
        .isEqualTo("class not found: com.example.Missing");
    assertThat(StartFailure.reason(new RuntimeException("x".repeat(2000))))
        .hasSize(StartFailure.MAX_LENGTH + 3);
    assertThat(StartFailure.reason(new IllegalArgumentException("port must be a number",
        new IllegalArgumentException("port must be a number")))).isEqualTo("port must be a number");
  }
}
