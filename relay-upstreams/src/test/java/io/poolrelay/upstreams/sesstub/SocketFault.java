package io.poolrelay.upstreams.sesstub;

/**
 * What the {@link SesStub} does to the connection instead of answering a request it read in full.
 * Closing a connection before anything is read is a connection-level fault:
 * {@link SesStub#closeNextConnectionAtConnect()}.
 */
public enum SocketFault {
  /**
   * Close the connection right after reading the whole request, without a byte of answer: the request
   * was sent and no answer came, so the client cannot know whether SES acted on it. The send is recorded
   * (with status 0).
   */
  CLOSE_AFTER_REQUEST,
  /**
   * Never answer: input is read and thrown away, and the socket stays open until the client gives up or
   * the stub is closed (MockWebServer's NO_RESPONSE). This is how the client's timeouts are tested.
   */
  STALL
}
