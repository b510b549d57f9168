package io.poolrelay.server.spool;

import io.poolrelay.upstreams.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A message's bytes left in its spool file, read only while they are sent. The file was verified
 * when the message was picked, and nothing else writes it while it is active.
 */
final class SpoolFileContent implements MessageContent {

  private static final int BUFFER = 64 * 1024;

  private final Path file;
  private final long offset;
  private final long length;

  SpoolFileContent(Path file, long offset, long length) {
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, length)));
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new IOException("spool: " + file + " ended before its message did");
        }
        out.write(buffer.array(), 0, read);
        position += read;
      }
    }
  }

  @Override
  public InputStream open() throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
    InputStream in = Channels.newInputStream(channel);
    return new InputStream() {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = in.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] target, int from, int count) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int read = in.read(target, from, (int) Math.min(count, left));
        if (read > 0) {
          left -= read;
        }
        return read;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }
}
