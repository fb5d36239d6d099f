package dev.switchboard.channel.server.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented token with the expected one in constant time: both are hashed first, so
 * that neither the content nor the length of the secret leaks through timing.
 *
 * <p>Threading: immutable; thread-safe.
 */
final class TokenCheck {

  private final byte[] expected;

  TokenCheck(String token) {
    this.expected = sha256(token);
  }

  boolean matches(String presented) {
    return MessageDigest.isEqual(expected, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
