package io.poolrelay.upstreams.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix's {@code smtp-sink} as a real peer: started on a free loopback port, stopped by
 * {@link #close()}. With {@code -c} it prints running counters; {@link #awaitMessages} waits for them.
 */
public final class SmtpSink implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/smtp-sink");
  private static final Pattern COUNTERS = Pattern.compile("sess=(\\d+) quit=(\\d+) mesg=(\\d+)");

  private final Process process;
  private final int port;
  private final Thread counterReader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition counted = lock.newCondition();
  private long messages;

  private SmtpSink(Process process, int port) {
    this.process = process;
    this.port = port;
    this.counterReader = Thread.ofVirtual().name("smtp-sink-counters-" + port).start(this::readCounters);
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts {@code smtp-sink -c <flags> 127.0.0.1:PORT 100} and waits until it accepts connections. */
  public static SmtpSink start(String... flags) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-c"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "root"));
    }
    command.addAll(List.of(flags));
    command.addAll(List.of("127.0.0.1:" + port, "100"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    SmtpSink sink = new SmtpSink(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return sink;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          sink.close();
          throw new IOException("smtp-sink did not accept connections on port " + port, notYet);
        }
        // Polling an external process for an observable condition, with a deadline.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  public int port() {
    return port;
  }

  /** Waits until the sink has counted at least {@code expected} messages; returns the count. */
  public long awaitMessages(long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (messages < expected) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        counted.awaitNanos(left);
      }
      return messages;
    } finally {
      lock.unlock();
    }
  }

  private void readCounters() {
    try (InputStream in = process.getInputStream()) {
      StringBuilder field = new StringBuilder();
      for (int b; (b = in.read()) != -1; ) {
        if (b == '\r' || b == '\n') {
          Matcher m = COUNTERS.matcher(field);
          if (m.find()) {
            lock.lock();
            try {
              messages = Long.parseLong(m.group(3));
              counted.signalAll();
            } finally {
              lock.unlock();
            }
          }
          field.setLength(0);
        } else {
          field.append((char) b);
        }
      }
    } catch (IOException e) {
      // The sink was stopped.
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      counterReader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "smtp-sink on 127.0.0.1:" + port;
  }
}
