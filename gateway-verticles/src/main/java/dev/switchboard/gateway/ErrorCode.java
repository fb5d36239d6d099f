package dev.switchboard.gateway;

/** The code of {@link GatewayHandler#onError}, numbered as Workerman's. */
public enum ErrorCode {
  /** A message was not sent: the send buffer was full, or the peer was gone. Workerman code 2. */
  SEND_FAIL(2);

  private final int workermanCode;

  ErrorCode(int workermanCode) {
    this.workermanCode = workermanCode;
  }

  /**
   * @return the number Workerman uses for this error ({@code SEND_FAIL = 2})
   */
  public int workermanCode() {
    return workermanCode;
  }
}
