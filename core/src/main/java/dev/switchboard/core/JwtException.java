package dev.switchboard.core;

/**
 * A JSON Web Token that was refused, classified by a {@link Reason}. The message is short and
 * safe to log: it never holds the token, nor a claim's value.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class JwtException extends SwitchboardException {

  private static final long serialVersionUID = 1L;

  /** Why a token was refused. */
  public enum Reason implements ErrorReason {
    /** No token was presented (null or empty). */
    ABSENT,
    /** The token is longer than {@link JwtOptions#MAX_TOKEN_LENGTH}: refused unparsed. */
    OVERSIZE,
    /**
     * Not a signed JWT: not three base64url parts, a header or payload that is not a JSON object,
     * a time claim that is not a number, or a claim that {@link JwtOptions} requires is missing.
     */
    MALFORMED,
    /** The header names an algorithm none of the configured keys has ({@code none} included). */
    UNSUPPORTED_ALGORITHM,
    /** No configured key verifies the signature (or none has the token's {@code kid}). */
    BAD_SIGNATURE,
    /** {@code exp} is past, beyond the leeway. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future, beyond the leeway. */
    NOT_YET_VALID,
    /** {@code iss} is not one of the accepted issuers. */
    WRONG_ISSUER,
    /** {@code aud} names none of the accepted audiences. */
    WRONG_AUDIENCE
  }

  /**
   * @param reason  why
   * @param message what, for a log line; never the token
   */
  public JwtException(Reason reason, String message) {
    super(reason, message, null);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
