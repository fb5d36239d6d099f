package dev.switchboard.globaldata.impl;

import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.core.internal.PhpSerializeException;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * GlobalData's stored values (JSON text, {@link JsonValues}) as PHP sees them through Workerman's
 * protocol: a stored value is answered as its PHP {@code serialize()} form ({@link PhpSerialize},
 * byte-identical to what PHP writes for the value it unserialized), an absent one as {@code N;};
 * a value PHP sent is stored as the JSON value it maps to (a list-shaped array as a JSON array,
 * any other array as an object), and PHP's null, which GlobalData does not store, as "absent".
 * Used on the listener and, inside the entry processors, on the partition owners.
 *
 * <p>Stateless; thread-safe.
 */
final class PhpValues {

  /** PHP's {@code serialize(null)}. */
  static final String NULL = "N;";

  private PhpValues() {
  }

  /**
   * @param stored a stored value (JSON text), or null when absent
   * @return its PHP serialization, {@code N;} when absent
   * @throws GlobalDataException INVALID_VALUE when PHP has no form for it (an integer beyond 64
   *     bits stored from Java)
   */
  static Buffer serialize(String stored) {
    if (stored == null) {
      return Buffer.buffer(NULL);
    }
    try {
      return PhpSerialize.encode(JsonValues.decode(stored));
    } catch (PhpSerializeException e) {
      throw new GlobalDataException(Reason.INVALID_VALUE,
          "Stored value has no PHP serialize() form: " + e.getMessage(), e);
    }
  }

  /**
   * @param key     the key, for the error message
   * @param value   a value decoded from PHP ({@link PhpSerialize#decode}), or null
   * @param maxSize the largest encoded size accepted, in UTF-8 bytes
   * @return the JSON text to store, or null for PHP's null (store nothing: the key is absent)
   * @throws GlobalDataException INVALID_VALUE (a byte string that is not UTF-8, anywhere inside)
   *     or VALUE_TOO_LARGE
   */
  static String toStored(String key, Object value, int maxSize) {
    if (value == null) {
      return null;
    }
    if (!PhpSerialize.isText(value)) {
      throw new GlobalDataException(Reason.INVALID_VALUE, "A byte string that is not UTF-8 "
          + "cannot be stored (GlobalData holds JSON text) [key=" + key + "]");
    }
    return JsonValues.encode(key, value, maxSize);
  }

  /**
   * @param serialized a PHP serialization
   * @return its MD5 in lower-case hex, as PHP's {@code md5()} gives it
   */
  static String md5(Buffer serialized) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
          .digest(serialized.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}
