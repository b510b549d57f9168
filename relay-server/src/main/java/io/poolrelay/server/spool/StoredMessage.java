package io.poolrelay.server.spool;

import io.poolrelay.upstreams.ByteArrayContent;
import io.poolrelay.upstreams.MessageContent;

/**
 * A message of the spool: its envelope and its bytes, held in memory or read from its spool file
 * when they are sent.
 */
public record StoredMessage(SpooledEnvelope envelope, MessageContent content) {

  public static StoredMessage inMemory(SpooledEnvelope envelope, byte[] buffer, int offset, int length) {
    return new StoredMessage(envelope, new ByteArrayContent(buffer, offset, length));
  }

  public int length() {
    return (int) content.size();
  }
}
