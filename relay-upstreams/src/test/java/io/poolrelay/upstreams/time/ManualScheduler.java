package io.poolrelay.upstreams.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scheduler for tests: tasks run on the test's thread when {@link #advance} moves {@link FakeTime}
 * past their due time, in due-time order.
 */
public final class ManualScheduler implements Scheduler {

  private record Task(long dueNanos, long sequence, Runnable body) {}

  private final FakeTime time;
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence));
  private long sequence;

  public ManualScheduler(FakeTime time) {
    this.time = time;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task scheduled = new Task(time.nanoTime() + Math.max(0, delay.toNanos()), sequence++, task);
    tasks.add(scheduled);
    return () -> {
      synchronized (ManualScheduler.this) {
        tasks.remove(scheduled);
      }
    };
  }

  /** Moves time forward by {@code duration}, running every task that falls due on the way. */
  public void advance(Duration duration) {
    long target = time.nanoTime() + duration.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.dueNanos() > target) {
          break;
        }
        tasks.poll();
      }
      long step = next.dueNanos() - time.nanoTime();
      if (step > 0) {
        time.advance(Duration.ofNanos(step));
      }
      next.body().run();
    }
    long rest = target - time.nanoTime();
    if (rest > 0) {
      time.advance(Duration.ofNanos(rest));
    }
  }

  /** Runs what is due now without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  public synchronized int pending() {
    return tasks.size();
  }

  public synchronized List<Duration> pendingDelays() {
    List<Duration> delays = new ArrayList<>();
    for (Task task : tasks) {
      delays.add(Duration.ofNanos(task.dueNanos() - time.nanoTime()));
    }
    delays.sort(Comparator.naturalOrder());
    return delays;
  }
}
