package dev.switchboard.globaldata.impl;

import dev.switchboard.globaldata.GlobalDataException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WorkermanRequestTest {

  private static WorkermanRequest parse(String payload) {
    return WorkermanRequest.parse(Buffer.buffer(payload), 16);
  }

  private static Buffer latin1(String payload) {
    return Buffer.buffer(payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  private static WorkermanRequest.Refused refused(Buffer payload) {
    return catchThrowableOfType(() -> WorkermanRequest.parse(payload, 16),
        WorkermanRequest.Refused.class);
  }

  @Test
  void aRequestIsItsCmdKeyAndFields() {
    WorkermanRequest request = parse(
        "a:4:{s:3:\"cmd\";s:3:\"cas\";s:3:\"key\";s:1:\"k\";s:3:\"md5\";s:2:\"ab\";"
            + "s:5:\"value\";a:1:{i:0;d:0.5;}}");
    assertThat(request.cmd()).isEqualTo("cas");
    assertThat(request.key()).isEqualTo("k");
    assertThat(request.md5()).isEqualTo("ab");
    assertThat(request.value()).hasToString("[0.5]");
    assertThat(parse("a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";i:-7;}").key()).isEqualTo("-7");
    assertThat(parse("a:2:{s:3:\"cmd\";s:9:\"increment\";s:3:\"key\";s:1:\"k\";}").step())
        .as("an absent step adds 0, as PHP's null does").isEqualTo(0L);
    assertThat(parse("a:3:{s:3:\"cmd\";s:9:\"increment\";s:3:\"key\";s:1:\"k\";"
        + "s:4:\"step\";s:3:\"2.5\";}").step()).isEqualTo(2.5);
  }

  @Test
  void whatWorkermanRefusesGetsItsAnswerAndAReason() {
    String badRequest = "s:11:\"bad request\";";
    Object[][] cases = {
        {"nonsense", "malformed"},
        {"O:8:\"stdClass\":0:{}", "refused_kind"},
        {"a:1:{i:0;R:1;}", "refused_kind"},
        {"", "empty"},
        {"i:5;", "not_array"},
        {"a:1:{s:3:\"key\";s:1:\"k\";}", "missing"},
        {"a:2:{s:3:\"cmd\";N;s:3:\"key\";s:1:\"k\";}", "missing"},
        {"a:1:{s:3:\"cmd\";s:3:\"get\";}", "missing"},
        {"a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:0:\"\";}", "key"},
        {"a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";a:0:{}}", "key"},
        {"a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:17:\"aaaaaaaaaaaaaaaaa\";}", "key"},
        {"a:2:{s:3:\"cmd\";i:1;s:3:\"key\";s:1:\"k\";}", "cmd"},
        {"a:3:{s:3:\"cmd\";s:9:\"increment\";s:3:\"key\";s:1:\"k\";s:4:\"step\";s:1:\"x\";}",
            "step"},
    };
    for (Object[] c : cases) {
      WorkermanRequest.Refused refused = refused(latin1((String) c[0]));
      assertThat(refused).as("%s", c[0]).isNotNull();
      assertThat(refused.reason()).as("%s", c[0]).isEqualTo(c[1]);
      assertThat(refused.answer().toString()).isEqualTo(badRequest);
    }
    WorkermanRequest.Refused badCmd = refused(Buffer.buffer(
        "a:2:{s:3:\"cmd\";s:5:\"isset\";s:3:\"key\";s:1:\"k\";}"));
    assertThat(badCmd.reason()).isEqualTo("bad_cmd");
    assertThat(badCmd.answer().toString()).isEqualTo("s:13:\"bad cmd isset\";");
  }

  @Test
  void aValueGlobalDataCannotStoreIsRefusedWhenStored() {
    WorkermanRequest request = WorkermanRequest.parse(latin1(
        "a:3:{s:3:\"cmd\";s:3:\"set\";s:3:\"key\";s:1:\"k\";s:5:\"value\";s:2:\"\u00ff\u00fe\";}"), 16);
    assertThatThrownBy(() -> PhpValues.toStored("k", request.value(), 100))
        .isInstanceOf(GlobalDataException.class).hasMessageContaining("k");
    WorkermanRequest nested = WorkermanRequest.parse(latin1("a:3:{s:3:\"cmd\";s:3:\"set\";"
        + "s:3:\"key\";s:1:\"k\";s:5:\"value\";a:1:{i:0;a:1:{s:1:\"b\";s:1:\"\u00ff\";}}}"), 16);
    assertThatThrownBy(() -> PhpValues.toStored("k", nested.value(), 100))
        .as("not UTF-8 deep inside").isInstanceOf(GlobalDataException.class)
        .hasMessageContaining("UTF-8");
    assertThat(PhpValues.toStored("k", null, 100)).as("PHP's null: nothing stored").isNull();
    assertThat(refused(latin1("a:2:{s:3:\"cmd\";s:3:\"get\";s:3:\"key\";s:1:\"\u00ff\";}"))
        .reason()).as("a key that is not UTF-8").isEqualTo("key");
  }
}
