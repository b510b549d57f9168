package io.poolrelay.server.spool;

import io.poolrelay.upstreams.ByteArrayContent;
import io.poolrelay.upstreams.MessageContent;

/** A message read back from (or just written to) the spool: its envelope and its bytes. */
public record StoredMessage(SpooledEnvelope envelope, byte[] buffer, int offset, int length) {

  public MessageContent content() {
    return new ByteArrayContent(buffer, offset, length);
  }
}
