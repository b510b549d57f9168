package io.poolrelay.server.admin;

import io.poolrelay.server.delivery.QueueIndex;
import io.poolrelay.server.spool.DeliveryState;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.server.spool.SpooledEnvelope;
import io.poolrelay.server.spool.StoredMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns queue index entries into the admin API's views, reading the spool only for the detail of one. */
final class QueueViews {

  private final FileSpool spool;

  QueueViews(FileSpool spool) {
    this.spool = spool;
  }

  static String stateName(QueueIndex.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  static QueuedView view(QueueIndex.Entry entry, Instant now) {
    Duration age = Duration.between(entry.arrival(), now);
    return new QueuedView(entry.queueId(), stateName(entry.state()),
        entry.pool().isEmpty() ? Optional.empty() : Optional.of(entry.pool()), entry.attempts(), entry.nextAttempt(),
        entry.lastReply(), entry.size(), entry.arrival(), age.isNegative() ? Duration.ZERO : age);
  }

  /**
   * The entry with its envelope and settled recipients, or empty when the file is gone (delivered or
   * deleted since the index was read).
   */
  Optional<QueuedMessageView> detail(QueueIndex.Entry entry, Instant now) {
    // The file moves between directories as the message is worked on: try where its state says first.
    for (QueueDirectory where : directoriesFor(entry.state())) {
      try {
        StoredMessage message = spool.load(entry.queueId(), where);
        List<String> settled = spool.readState(entry.queueId(), where)
            .map(DeliveryState::settled)
            .map(s -> message.envelope().recipients().stream().filter(s::contains).toList())
            .orElse(List.of());
        return Optional.of(detail(view(entry, now), message.envelope(), settled));
      } catch (NoSuchFileException e) {
        // moved on meanwhile: look in the next directory
      } catch (IOException e) {
        throw new UncheckedIOException("reading queue_id=" + entry.queueId() + " from " + where.directoryName(), e);
      }
    }
    return Optional.empty();
  }

  private static QueuedMessageView detail(QueuedView view, SpooledEnvelope envelope, List<String> settled) {
    return new QueuedMessageView(view, envelope.sender(), envelope.recipients(), settled, envelope.listener(),
        envelope.clientAddress(), envelope.authUser().isEmpty() ? Optional.empty() : Optional.of(envelope.authUser()),
        envelope.hints(), envelope.origin());
  }

  private static List<QueueDirectory> directoriesFor(QueueIndex.State state) {
    return switch (state) {
      case INCOMING -> List.of(QueueDirectory.INCOMING, QueueDirectory.ACTIVE, QueueDirectory.DEFERRED);
      case ACTIVE -> List.of(QueueDirectory.ACTIVE, QueueDirectory.DEFERRED, QueueDirectory.INCOMING);
      case DEFERRED, WAITING -> List.of(QueueDirectory.DEFERRED, QueueDirectory.ACTIVE, QueueDirectory.INCOMING);
    };
  }
}
