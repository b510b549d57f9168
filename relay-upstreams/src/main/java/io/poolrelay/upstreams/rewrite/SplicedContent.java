package io.poolrelay.upstreams.rewrite;

import io.poolrelay.upstreams.ByteArrayContent;
import io.poolrelay.upstreams.MessageContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Objects;

/**
 * A message with a new head: the head's bytes, then the original from {@code restFrom} on. The rest is
 * streamed from the original each time it is written or opened, never copied, because it is the body
 * and may be large.
 */
final class SplicedContent implements MessageContent {

  private final byte[] head;
  private final MessageContent original;
  private final int restFrom;

  SplicedContent(byte[] head, MessageContent original, int restFrom) {
    this.head = head.clone();
    this.original = Objects.requireNonNull(original, "original");
    if (restFrom < 0 || restFrom > original.size()) {
      throw new IllegalArgumentException("rest from " + restFrom + " is outside a message of " + original.size() + " bytes");
    }
    this.restFrom = restFrom;
  }

  @Override
  public long size() {
    return head.length + original.size() - restFrom;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(head);
    if (original instanceof ByteArrayContent array) {
      out.write(array.bytes(), array.offset() + restFrom, array.length() - restFrom);
      return;
    }
    try (InputStream rest = rest()) {
      rest.transferTo(out);
    }
  }

  @Override
  public InputStream open() throws IOException {
    return new SequenceInputStream(new ByteArrayInputStream(head), rest());
  }

  private InputStream rest() throws IOException {
    InputStream in = original.open();
    try {
      in.skipNBytes(restFrom);
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
