package dev.switchboard.globaldata.impl;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PhpNumbersTest {

  @Test
  void numbersAreWhatPhpsIsNumericAccepts() {
    assertThat(PhpNumbers.numeric(5)).isEqualTo(5L);
    assertThat(PhpNumbers.numeric(-5L)).isEqualTo(-5L);
    assertThat(PhpNumbers.numeric(1.5)).isEqualTo(1.5);
    assertThat(PhpNumbers.numeric("12")).isEqualTo(12L);
    assertThat(PhpNumbers.numeric(" 12")).isEqualTo(12L);
    assertThat(PhpNumbers.numeric("12 ")).isEqualTo(12L);
    assertThat(PhpNumbers.numeric("+7")).isEqualTo(7L);
    assertThat(PhpNumbers.numeric("-0.5")).isEqualTo(-0.5);
    assertThat(PhpNumbers.numeric(".5")).isEqualTo(0.5);
    assertThat(PhpNumbers.numeric("1e3")).isEqualTo(1000.0);
    assertThat(PhpNumbers.numeric("99999999999999999999")).isEqualTo(1.0E20);
    assertThat(PhpNumbers.numeric(new BigInteger("99999999999999999999"))).isEqualTo(1.0E20);
    assertThat(PhpNumbers.numeric("abc")).isNull();
    assertThat(PhpNumbers.numeric("12abc")).isNull();
    assertThat(PhpNumbers.numeric("0x1A")).isNull();
    assertThat(PhpNumbers.numeric("")).isNull();
    assertThat(PhpNumbers.numeric(" ")).isNull();
    assertThat(PhpNumbers.numeric(true)).isNull();
    assertThat(PhpNumbers.numeric(new JsonArray())).isNull();
    assertThat(PhpNumbers.numeric(null)).isNull();
  }

  @Test
  void sumsAreIntsUntilTheyOverflowIntoFloatsAsInPhp() {
    assertThat(PhpNumbers.add(2L, 3L)).isEqualTo(5L);
    assertThat(PhpNumbers.add(2L, -3L)).isEqualTo(-1L);
    assertThat(PhpNumbers.add(2L, 0.5)).isEqualTo(2.5);
    assertThat(PhpNumbers.add(Long.MAX_VALUE, 1L)).isEqualTo(9.223372036854775807E18);
    assertThat(PhpNumbers.add(Long.MIN_VALUE, -1L)).isEqualTo(-9.223372036854775808E18);
    assertThat(PhpNumbers.add(Double.MAX_VALUE, Double.MAX_VALUE)).as("INF").isNull();
  }
}
