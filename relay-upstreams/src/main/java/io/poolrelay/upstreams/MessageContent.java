package io.poolrelay.upstreams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The bytes of a message as they are to be sent: header and body, every line ending in CRLF, not
 * dot-stuffed (the SMTP client stuffs on the way out).
 */
public interface MessageContent {

  long size();

  /** Writes every byte once, in order. */
  void writeTo(OutputStream out) throws IOException;

  InputStream open() throws IOException;

  static MessageContent of(byte[] bytes) {
    return new ByteArrayContent(bytes, 0, bytes.length);
  }
}
