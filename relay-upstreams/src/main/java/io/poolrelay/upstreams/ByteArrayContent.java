package io.poolrelay.upstreams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** Message content held in memory, as a slice of an array that nobody writes to any more. */
public record ByteArrayContent(byte[] bytes, int offset, int length) implements MessageContent {

  public ByteArrayContent {
    Objects.checkFromIndexSize(offset, length, bytes.length);
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, offset, length);
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(bytes, offset, length);
  }
}
