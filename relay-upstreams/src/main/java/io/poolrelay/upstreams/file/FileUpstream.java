package io.poolrelay.upstreams.file;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.upstreams.DeliveryOutcome;
import io.poolrelay.upstreams.Envelope;
import io.poolrelay.upstreams.FailureScope;
import io.poolrelay.upstreams.MessageContent;
import io.poolrelay.upstreams.SmtpReply;
import io.poolrelay.upstreams.TransactionResult;
import io.poolrelay.upstreams.Upstream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes {@code <queue id>.eml} files. Like a final delivery agent it prepends {@code Return-Path}
 * (RFC 5321 section 4.4) and names the envelope recipients in {@code X-PoolRelay-Rcpt-To}, because a
 * file has no envelope of its own. Each file is written under a temporary name, forced to disk and
 * renamed, so a reader of the directory never sees half a message, and the directory is forced
 * before the message counts as delivered.
 */
public final class FileUpstream implements Upstream {

  private final FileUpstreamConfig config;

  public FileUpstream(FileUpstreamConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public TransactionResult deliver(Envelope envelope, MessageContent content) {
    Path directory = config.directory();
    Path target = directory.resolve(envelope.queueId() + ".eml");
    Path temporary = directory.resolve("." + envelope.queueId() + ".eml.tmp");
    try {
      Files.createDirectories(directory);
      try (FileChannel channel =
          FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        out.write(envelopeHeaders(envelope));
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The spool forgets the message once we answer, so the new name must be durable too.
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      SmtpReply reply = new SmtpReply(451, "4.3.0",
          "file upstream " + config.name() + ": cannot write " + target + ": " + e.getMessage(), "DATA");
      return TransactionResult.uniform(config.name(), envelope,
          new DeliveryOutcome.Deferred(reply, FailureScope.UPSTREAM, false));
    }
    SmtpReply ok = new SmtpReply(250, "2.0.0", "written to " + target, "END_OF_DATA");
    return TransactionResult.uniform(config.name(), envelope, new DeliveryOutcome.Delivered(ok));
  }

  private static byte[] envelopeHeaders(Envelope envelope) {
    return ("Return-Path: <" + envelope.sender() + ">\r\n"
            + "X-PoolRelay-Rcpt-To: " + String.join(", ", envelope.recipients()) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {}
}
