package io.poolrelay.server.delivery;

import io.poolrelay.server.bounce.BounceReason;
import io.poolrelay.server.smtp.AcceptedMessages;
import io.poolrelay.server.spool.DeliveryState;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.QueueDirectory;
import io.poolrelay.server.spool.QueuedMessage;
import io.poolrelay.server.spool.SpoolFormatException;
import io.poolrelay.server.spool.StoredMessage;
import io.poolrelay.upstreams.time.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue manager. Messages due for delivery wait in a FIFO of small index entries; at most
 * {@code max_active} are being delivered at once, each on a worker of its own. A message accepted
 * moments ago carries its bytes along (while the FIFO is short) so the hot path never re-reads the
 * disk; everything else is read back from the spool when its turn comes. Deferred messages wait on
 * the scheduler, not in memory beyond their index entry.
 */
public final class DeliveryManager implements AcceptedMessages, Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliveryManager.class);

  /**
   * A message due for delivery; {@code reserved} bytes of the memory budget travel with {@code loaded}.
   * {@code releasedFrom} names the pool whose waiting line let it go, or is null. {@code version} is the
   * {@link QueueIndex} version it was queued at: stale work is dropped when picked.
   */
  private record Ready(QueuedMessage entry, StoredMessage loaded, long reserved, String releasedFrom, long version) {

    static Ready onDisk(QueuedMessage entry, long version) {
      return new Ready(entry, null, 0, null, version);
    }
  }

  /** What {@link #delete} did. */
  public enum Deletion { DELETED, NOT_FOUND, BEING_DELIVERED }

  private final FileSpool spool;
  private final Supplier<PoolDelivery> delivery;
  private final RetryPolicy retry;
  private final Supplier<Bouncer> bouncer;
  private final Scheduler scheduler;
  private final InstantSource clock;
  private final Executor workers;
  private final int maxActive;
  private final Semaphore activePermits;
  private final BlockingQueue<Ready> ready = new LinkedBlockingQueue<>();
  private final MemoryBudget memory;
  private final WaitingRoom waitingRoom;
  private final QueueIndex index = new QueueIndex();
  private volatile boolean stopping;

  /**
   * {@code delivery} and {@code bouncer} are suppliers so that a reloaded configuration applies to the
   * next message picked. Mail that no member can take waits in line for {@code capacity}.
   */
  public DeliveryManager(FileSpool spool, Supplier<PoolDelivery> delivery, RetryPolicy retry,
      Supplier<Bouncer> bouncer, PoolCapacity capacity, Scheduler scheduler, InstantSource clock, Executor workers,
      int maxActive, long memoryBudgetBytes) {
    this.spool = spool;
    this.delivery = delivery;
    this.retry = retry;
    this.bouncer = bouncer;
    this.scheduler = scheduler;
    this.clock = clock;
    this.workers = workers;
    this.maxActive = maxActive;
    this.activePermits = new Semaphore(maxActive);
    this.memory = new MemoryBudget(memoryBudgetBytes);
    this.waitingRoom = new WaitingRoom(capacity, this::released, scheduler, clock, retry.delayAfter(1), maxActive);
  }

  /** Every queued message: for the queue commands, the metrics and the status page. */
  public QueueIndex index() {
    return index;
  }

  /** A message the waiting room let go; one retried or deleted by hand meanwhile is no longer waiting. */
  private void released(QueuedMessage entry, String pool) {
    Optional<QueueIndex.Entry> current = index.get(entry.queueId())
        .filter(e -> e.state() == QueueIndex.State.WAITING);
    if (current.isPresent()) {
      ready.add(new Ready(entry, null, 0, pool, current.get().version()));
    } else {
      waitingRoom.returned(pool, true);
    }
  }

  /**
   * Makes a deferred or waiting message due now (the operator's retry). Returns the message as it
   * stands, or empty when there is no such message or it is not deferred or waiting.
   */
  public Optional<QueueIndex.Entry> retryNow(String queueId) {
    Instant now = clock.instant();
    Optional<Long> version = index.retryNow(queueId, now);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    QueueIndex.Entry entry = index.get(queueId).orElseThrow();
    ready.add(Ready.onDisk(new QueuedMessage(queueId, QueueDirectory.DEFERRED, now, entry.attempts()), version.get()));
    log.info("queue_id={} retry now, by the operator", queueId);
    return Optional.of(entry);
  }

  /** Retries every deferred message now and looks at waiting mail again; returns how many were deferred. */
  public int flush() {
    int flushed = 0;
    for (QueueIndex.Entry entry : index.list(e -> e.state() == QueueIndex.State.DEFERRED, Integer.MAX_VALUE)) {
      if (retryNow(entry.queueId()).isPresent()) {
        flushed++;
      }
    }
    waitingRoom.wakeAll();
    return flushed;
  }

  /**
   * Deletes a queued message without a bounce (as {@code postsuper -d} does); one being delivered right
   * now cannot be deleted.
   */
  public Deletion delete(String queueId) throws IOException {
    Optional<QueueIndex.Entry> current = index.get(queueId);
    if (current.isEmpty()) {
      return Deletion.NOT_FOUND;
    }
    Optional<QueueIndex.Entry> removed = index.removeUnlessActive(queueId);
    if (removed.isEmpty()) {
      return index.get(queueId).isPresent() ? Deletion.BEING_DELIVERED : Deletion.NOT_FOUND;
    }
    QueueDirectory where = removed.get().state() == QueueIndex.State.INCOMING
        ? QueueDirectory.INCOMING : QueueDirectory.DEFERRED;
    spool.remove(queueId, where, true);
    log.warn("queue_id={} deleted by the operator (was {}, pool {}); no bounce sent", queueId,
        removed.get().state().name().toLowerCase(), removed.get().pool().isEmpty() ? "not yet routed" : removed.get().pool());
    return Deletion.DELETED;
  }

  /** Capacity may have returned (a member came back up or was resumed): waiting mail is looked at now. */
  public void capacityChanged() {
    waitingRoom.wakeAll();
  }

  /** Messages waiting for their pool to have room. */
  public int waiting() {
    return waitingRoom.size();
  }

  /** Rebuilds the queue from the spool after a start; returns how many messages it found. */
  public int recover() throws IOException {
    List<QueuedMessage> queued = spool.recover();
    queued.sort((a, b) -> a.queueId().compareTo(b.queueId()));
    for (QueuedMessage message : queued) {
      long size;
      try {
        size = Files.size(spool.directory(message.directory()).resolve(message.queueId()));
      } catch (IOException e) {
        size = 0;
      }
      QueueIndex.State state = message.attempts() == 0 ? QueueIndex.State.INCOMING : QueueIndex.State.DEFERRED;
      long version = index.add(message.queueId(), state, message.attempts(),
          state == QueueIndex.State.DEFERRED ? Optional.of(message.due()) : Optional.empty(), size);
      enqueue(message, version);
    }
    return queued.size();
  }

  @Override
  public void accepted(StoredMessage message) {
    QueuedMessage entry = new QueuedMessage(message.envelope().queueId(), QueueDirectory.INCOMING, clock.instant(), 0);
    // Keep the bytes only within the memory budget: a long backlog must cost an index entry each.
    long size = message.length();
    long version = index.add(entry.queueId(), QueueIndex.State.INCOMING, 0, Optional.empty(), size);
    ready.add(memory.tryReserve(size) ? new Ready(entry, message, size, null, version) : Ready.onDisk(entry, version));
  }

  /** The dispatch loop; the owner runs it on a thread of its own until {@link #close()}. */
  @Override
  public void run() {
    while (!stopping) {
      Ready next;
      try {
        next = ready.poll(100, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        activePermits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Ready picked = next;
      try {
        workers.execute(() -> {
          try {
            process(picked);
          } finally {
            activePermits.release();
          }
        });
      } catch (RuntimeException rejected) {
        activePermits.release();
        log.warn("queue_id={} not started: delivery is shutting down", picked.entry().queueId());
      }
    }
  }

  private void enqueue(QueuedMessage message, long version) {
    Instant now = clock.instant();
    if (!message.due().isAfter(now)) {
      ready.add(Ready.onDisk(message, version));
    } else {
      scheduler.schedule(() -> ready.add(Ready.onDisk(message, version)), Duration.between(now, message.due()));
    }
  }

  private void process(Ready picked) {
    QueuedMessage entry = picked.entry();
    String queueId = entry.queueId();
    QueueDirectory where = entry.directory();
    long reserved = picked.reserved();
    boolean parked = false;
    try {
      if (!index.claim(queueId, picked.version())) {
        log.debug("queue_id={} skipped: retried, deleted or being delivered since it was queued", queueId);
        return;
      }
      StoredMessage message = picked.loaded();
      if (message == null) {
        message = load(entry);
        if (message == null) {
          index.remove(queueId);
          return;
        }
        if (memory.tryReserve(message.length())) {
          reserved = message.length();
        }
      }
      spool.move(queueId, where, QueueDirectory.ACTIVE);
      where = QueueDirectory.ACTIVE;
      if (picked.loaded() == null && reserved == 0) {
        // Over budget: drop the bytes just read and send from the file.
        message = spool.onDisk(message, QueueDirectory.ACTIVE);
      }
      DeliveryState state = entry.directory() == QueueDirectory.INCOMING && entry.attempts() == 0
          ? DeliveryState.fresh(clock.instant())
          : spool.readState(queueId, where).orElse(DeliveryState.fresh(clock.instant()));
      PoolDelivery attempts = delivery.get();
      String pool = attempts.poolFor(message.envelope());
      index.routed(queueId, pool);
      if (picked.releasedFrom() == null && waitingRoom.holds(pool)) {
        // Older mail waits for this pool: it leaves first, as capacity returns.
        parked = true;
        park(queueId, pool, state, false);
        return;
      }
      List<String> open = new ArrayList<>();
      for (String recipient : message.envelope().recipients()) {
        if (!state.settled().contains(recipient)) {
          open.add(recipient);
        }
      }
      List<RecipientFate> fates = open.isEmpty() ? List.of() : attempts.attempt(message, open, pool);
      parked = settle(message, state, fates, pool);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.info("queue_id={} delivery interrupted; the message stays in the spool", queueId);
    } catch (IOException | RuntimeException e) {
      log.error("queue_id={} delivery failed in {}: {}; retrying later", queueId, where.directoryName(), e.toString());
      // The index says deferred, so the file belongs in deferred/: that is where a retry or a delete by
      // hand looks for it.
      QueueDirectory stillIn = where;
      if (where != QueueDirectory.DEFERRED) {
        try {
          spool.move(queueId, where, QueueDirectory.DEFERRED);
          stillIn = QueueDirectory.DEFERRED;
        } catch (IOException moveFailed) {
          log.error("queue_id={} could not be moved to deferred/: {}", queueId, moveFailed.toString());
        }
      }
      Instant due = clock.instant().plus(retry.delayAfter(1));
      long version = index.deferred(queueId, entry.attempts(), due, "local error: " + e);
      if (!stopping) {
        QueueDirectory retryFrom = stillIn;
        scheduler.schedule(() -> ready.add(Ready.onDisk(new QueuedMessage(queueId, retryFrom, due, 1), version)),
            retry.delayAfter(1));
      }
    } finally {
      memory.release(reserved);
      if (picked.releasedFrom() != null) {
        waitingRoom.returned(picked.releasedFrom(), !parked);
      }
    }
  }

  private StoredMessage load(QueuedMessage entry) throws IOException {
    try {
      return spool.load(entry.queueId(), entry.directory());
    } catch (SpoolFormatException e) {
      if (e.torn() && entry.directory() == QueueDirectory.INCOMING) {
        spool.discardTorn(entry.queueId(), entry.directory(), e.getMessage());
      } else {
        spool.quarantine(entry.queueId(), entry.directory(), e.getMessage());
      }
      return null;
    } catch (NoSuchFileException e) {
      log.warn("queue_id={} vanished from {} before delivery", entry.queueId(), entry.directory().directoryName());
      return null;
    }
  }

  /** Records what became of each recipient; true when the message went to wait for capacity. */
  private boolean settle(StoredMessage message, DeliveryState state, List<RecipientFate> fates, String pool)
      throws IOException, InterruptedException {
    String queueId = message.envelope().queueId();
    Set<String> settled = new HashSet<>(state.settled());
    List<RecipientFate> bounced = new ArrayList<>();
    List<RecipientFate> deferred = new ArrayList<>();
    int waiting = 0;
    for (RecipientFate fate : fates) {
      switch (fate.kind()) {
        case DELIVERED -> settled.add(fate.recipient());
        case BOUNCED -> {
          settled.add(fate.recipient());
          bounced.add(fate);
        }
        case DEFERRED -> deferred.add(fate);
        case WAITING -> {
          deferred.add(fate);
          waiting++;
        }
      }
    }
    if (!bounced.isEmpty()) {
      bouncer.get().bounce(message, bounced, BounceReason.REJECTED);
    }
    Instant now = clock.instant();
    boolean hasState = state.attempts() > 0 || !state.settled().isEmpty();
    if (deferred.isEmpty()) {
      spool.remove(queueId, QueueDirectory.ACTIVE, hasState);
      index.remove(queueId);
      log.debug("queue_id={} removed: every recipient settled", queueId);
      return false;
    }
    if (waiting == deferred.size()) {
      // No attempt is used: only capacity was missing (for all of it, or for the rest after a part went).
      boolean someWent = !settled.equals(state.settled());
      park(queueId, pool, someWent ? new DeliveryState(state.attempts(), now, settled) : state, someWent);
      return true;
    }
    if (retry.expired(message.envelope().arrival(), now)) {
      log.warn("queue_id={} expired after {} in the queue; giving up on {} recipient(s)", queueId,
          retry.maxAge(), deferred.size());
      bouncer.get().bounce(message, deferred, BounceReason.EXPIRED);
      spool.remove(queueId, QueueDirectory.ACTIVE, hasState);
      index.remove(queueId);
      return false;
    }
    int attempts = state.attempts() + 1;
    Duration delay = retry.delayAfter(attempts);
    Instant next = now.plus(delay);
    spool.defer(queueId, QueueDirectory.ACTIVE, new DeliveryState(attempts, next, settled));
    long version = index.deferred(queueId, attempts, next, String.valueOf(deferred.getFirst().reply()));
    log.info("queue_id={} deferred: {} recipient(s) open after attempt {}; next attempt in {}", queueId,
        deferred.size(), attempts, delay);
    if (!stopping) {
      QueuedMessage entry = new QueuedMessage(queueId, QueueDirectory.DEFERRED, next, attempts);
      scheduler.schedule(() -> ready.add(Ready.onDisk(entry, version)), delay);
    }
    return false;
  }

  /**
   * No member of the pool can take the message now (capped, down, paused), or older mail for the pool
   * waits: it goes back to deferred/ and into the pool's waiting line, without using an attempt. The
   * state file is written only when {@code changed} (some recipients went meanwhile).
   */
  private void park(String queueId, String pool, DeliveryState state, boolean changed)
      throws IOException, InterruptedException {
    if (changed) {
      spool.defer(queueId, QueueDirectory.ACTIVE, state);
    } else {
      spool.move(queueId, QueueDirectory.ACTIVE, QueueDirectory.DEFERRED);
    }
    index.waiting(queueId, pool);
    log.debug("queue_id={} pool={} waits for capacity", queueId, pool);
    if (!stopping) {
      waitingRoom.park(pool, new QueuedMessage(queueId, QueueDirectory.DEFERRED, clock.instant(), state.attempts()));
    }
  }

  /** Stops picking new messages; deliveries under way finish on their workers. */
  @Override
  public void close() {
    stopping = true;
    waitingRoom.close();
  }

  /** How many deliveries are under way now (for the shutdown log line). */
  public int deliveriesUnderWay() {
    return maxActive - activePermits.availablePermits();
  }

  /** Waits until no delivery is under way, or the deadline passes; true when idle. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (activePermits.tryAcquire(maxActive, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      activePermits.release(maxActive);
      return true;
    }
    return false;
  }
}
