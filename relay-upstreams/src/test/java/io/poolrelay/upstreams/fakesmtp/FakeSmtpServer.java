package io.poolrelay.upstreams.fakesmtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;

/**
 * A scriptable SMTP server for tests that injects faults at named points of the conversation: script,
 * run the code under test, verify (the shape of OkHttp's MockWebServer).
 *
 * <pre>{@code
 * try (var upstream = FakeSmtpServer.start()) {
 *   upstream.enqueue(Script.accepting().reply(Phase.RCPT, 451, "4.3.0 try later"));
 *   // ... run the code under test against upstream.host():upstream.port() ...
 *   RecordedTransaction t = upstream.takeTransaction(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Each accepted connection takes the next enqueued {@link Script}, or the default script when the
 * queue is empty. Every transaction that reaches the final dot is recorded, also when the reply to the
 * dot is a failure or an effect means no reply is sent ({@link RecordedTransaction#accepted()} tells).
 *
 * <p>Threads: one named {@code fakesmtp-accept}, and one virtual thread per connection named
 * {@code fakesmtp-conn-N} (N is the connection index). {@link #close()} stops and joins them all.
 */
public final class FakeSmtpServer implements AutoCloseable {

  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

  private final ServerSocket serverSocket;
  private final Script defaultScript;
  private final boolean implicitTls;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicLong queueIds = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock:
  private final ArrayDeque<Script> scripts = new ArrayDeque<>();
  private final List<RecordedTransaction> recorded = new ArrayList<>();
  private final Map<Integer, List<String>> commands = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<SmtpSession> sessions = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private int taken;
  private int connections;
  private int openConnections;
  private boolean closed;

  private final Object tlsLock = new Object();
  // Guarded by tlsLock; made on first need because keytool takes a second.
  private TlsIdentity tlsIdentity;

  private FakeSmtpServer(ServerSocket serverSocket, Script defaultScript, boolean implicitTls) {
    this.serverSocket = serverSocket;
    this.defaultScript = defaultScript;
    this.implicitTls = implicitTls;
  }

  /** Starts a plain server on 127.0.0.1 and a free port whose connections accept everything by default. */
  public static FakeSmtpServer start() {
    return start(Script.accepting());
  }

  /** Starts a plain server whose connections follow {@code defaultScript} when nothing is enqueued. */
  public static FakeSmtpServer start(Script defaultScript) {
    return start(defaultScript, false);
  }

  /** Starts a server that speaks TLS from the first byte (port 465 style, RFC 8314). */
  public static FakeSmtpServer startImplicitTls() {
    return startImplicitTls(Script.accepting());
  }

  public static FakeSmtpServer startImplicitTls(Script defaultScript) {
    return start(defaultScript, true);
  }

  private static FakeSmtpServer start(Script defaultScript, boolean implicitTls) {
    Objects.requireNonNull(defaultScript, "defaultScript");
    ServerSocket serverSocket;
    try {
      // Port 0: a fixed port would collide with parallel builds on the same machine.
      serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    } catch (IOException e) {
      throw new UncheckedIOException("fakesmtp: failed to bind 127.0.0.1:0", e);
    }
    FakeSmtpServer server = new FakeSmtpServer(serverSocket, defaultScript, implicitTls);
    try {
      if (implicitTls || defaultScript.startTls()) {
        server.tlsIdentity();
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    server.startAccepting();
    return server;
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return serverSocket.getInetAddress().getHostAddress();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(serverSocket.getInetAddress(), port());
  }

  public boolean implicitTls() {
    return implicitTls;
  }

  /** Queues a script for the next connection that has none yet. Scripts are used once each, in order. */
  public void enqueue(Script script) {
    Objects.requireNonNull(script, "script");
    if (script.startTls()) {
      // Made here, on the test thread, so that the client's STARTTLS is not kept waiting for keytool.
      tlsIdentity();
    }
    lock.lock();
    try {
      scripts.addLast(script);
    } finally {
      lock.unlock();
    }
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    lock.lock();
    try {
      return connections;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code count} connections were accepted; false on timeout or close. */
  public boolean awaitConnections(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (connections < count) {
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Connections whose client has not gone away yet; a stalled connection counts until its client closes. */
  public int openConnectionCount() {
    lock.lock();
    try {
      return openConnections;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at most {@code count} connections are open, for tests of a client that should let go of
   * connections (idle timeout, max uses, QUIT); false on timeout or close.
   */
  public boolean awaitOpenConnectionsAtMost(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (openConnections > count) {
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next transaction not taken yet, in the order they were recorded, waiting up to {@code timeout}.
   *
   * @throws AssertionError when none arrives in time or the server is closed meanwhile, with what the
   *     server did see, so a failing test says why
   */
  public RecordedTransaction takeTransaction(Duration timeout) {
    return pollTransaction(timeout).orElseThrow(() -> new AssertionError(
        "fakesmtp: no transaction within " + timeout + describe()));
  }

  /** Like {@link #takeTransaction} but empty on timeout or close, for tests that expect nothing to arrive. */
  public Optional<RecordedTransaction> pollTransaction(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (taken >= recorded.size()) {
        long left = deadline - System.nanoTime();
        if (closed || left <= 0) {
          return Optional.empty();
        }
        changed.awaitNanos(left);
      }
      return Optional.of(recorded.get(taken++));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Every transaction recorded so far, taken or not. */
  public List<RecordedTransaction> transactions() {
    lock.lock();
    try {
      return List.copyOf(recorded);
    } finally {
      lock.unlock();
    }
  }

  /** The command lines one connection sent so far, without CRLF (answers to AUTH challenges are left out). */
  public List<String> commands(int connectionIndex) {
    lock.lock();
    try {
      return List.copyOf(commands.getOrDefault(connectionIndex, List.of()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Protocol rules the clients broke so far, one line each, such as a command pipelined without PIPELINING
   * or after DATA. The fake still answers such clients; tests assert this list is empty.
   */
  public List<String> protocolViolations() {
    lock.lock();
    try {
      return List.copyOf(violations);
    } finally {
      lock.unlock();
    }
  }

  /** The server's self-signed certificate (CN=localhost, SAN localhost and 127.0.0.1). */
  public X509Certificate certificate() {
    return tlsIdentity().certificate();
  }

  /** The certificate as a PEM file, for clients configured with a CA file. Deleted by close(). */
  public Path certificatePem() {
    return tlsIdentity().pem();
  }

  /** A PKCS12 key store (no password needed to read it) that trusts only this server's certificate. */
  public KeyStore trustStore() {
    try {
      return tlsIdentity().trustStore();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("fakesmtp: failed to build the trust store", e);
    }
  }

  /** A client SSLContext that trusts only this server's certificate. */
  public SSLContext clientSslContext() {
    try {
      return tlsIdentity().clientContext();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("fakesmtp: failed to build a client SSLContext", e);
    }
  }

  /**
   * Stops accepting, closes every connection (stalled ones too), releases waiting threads and joins the
   * server's threads.
   *
   * @throws IllegalStateException when a thread outlives the deadline or a connection failed with a bug
   *     in the fake itself (not an I/O error)
   */
  @Override
  public void close() {
    List<SmtpSession> open;
    List<Thread> owned;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      open = List.copyOf(sessions);
      owned = List.copyOf(threads);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    closing.countDown();
    try {
      serverSocket.close();
    } catch (IOException e) {
      // Closing is all we wanted.
    }
    open.forEach(SmtpSession::closeSocket);

    long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
    List<String> alive = new ArrayList<>();
    boolean interrupted = false;
    for (Thread thread : owned) {
      try {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!thread.join(Duration.ofMillis(left))) {
          alive.add(thread.getName());
        }
      } catch (InterruptedException e) {
        interrupted = true;
        alive.add(thread.getName());
      }
    }
    synchronized (tlsLock) {
      if (tlsIdentity != null) {
        tlsIdentity.deleteFiles();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    List<Throwable> bugs;
    lock.lock();
    try {
      bugs = List.copyOf(failures);
    } finally {
      lock.unlock();
    }
    if (!alive.isEmpty() || !bugs.isEmpty()) {
      IllegalStateException problem = new IllegalStateException("fakesmtp: unclean close: threads still running "
          + alive + " after " + CLOSE_DEADLINE + ", " + bugs.size() + " connection(s) failed");
      bugs.forEach(problem::addSuppressed);
      throw problem;
    }
  }

  @Override
  public String toString() {
    return "FakeSmtpServer[" + host() + ":" + port() + (implicitTls ? ", implicit TLS" : "") + "]";
  }

  // ---- used by the accept loop and the sessions ----

  private void startAccepting() {
    Thread accept = Thread.ofPlatform().name("fakesmtp-accept").daemon(true).unstarted(this::acceptLoop);
    lock.lock();
    try {
      threads.add(accept);
    } finally {
      lock.unlock();
    }
    accept.start();
  }

  private void acceptLoop() {
    while (true) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // close() closed the server socket.
      }
      lock.lock();
      try {
        if (closed) {
          closeQuietly(socket);
          return;
        }
        int index = connections++;
        openConnections++;
        Script script = scripts.isEmpty() ? defaultScript : scripts.removeFirst();
        SmtpSession session = new SmtpSession(this, index, socket, script, implicitTls);
        Thread thread = Thread.ofVirtual().name("fakesmtp-conn-" + index).unstarted(session);
        sessions.add(session);
        threads.add(thread);
        changed.signalAll();
        thread.start();
      } finally {
        lock.unlock();
      }
    }
  }

  SSLContext serverTlsContext() {
    return tlsIdentity().serverContext();
  }

  String nextQueueId() {
    return Long.toString(queueIds.incrementAndGet());
  }

  void record(RecordedTransaction transaction) {
    lock.lock();
    try {
      recorded.add(transaction);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void recordCommand(int connectionIndex, String line) {
    lock.lock();
    try {
      commands.computeIfAbsent(connectionIndex, i -> new ArrayList<>()).add(line);
    } finally {
      lock.unlock();
    }
  }

  void recordViolation(int connectionIndex, String violation) {
    lock.lock();
    try {
      violations.add("connection " + connectionIndex + ": " + violation);
    } finally {
      lock.unlock();
    }
  }

  void sessionEnded() {
    lock.lock();
    try {
      openConnections--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void sessionFailed(int connectionIndex, Throwable failure) {
    lock.lock();
    try {
      failures.add(new IllegalStateException("fakesmtp: connection " + connectionIndex + " failed", failure));
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout}; true when the server is closing. */
  boolean awaitClosing(Duration timeout) throws InterruptedException {
    return closing.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Waits up to {@code timeout} (without limit when null, for stalls, which only close() ends); true when
   * the server is closing. An interrupt counts as closing: only close() has a reason to interrupt.
   */
  boolean awaitClosingUninterruptibly(Duration timeout) {
    try {
      if (timeout == null) {
        closing.await();
        return true;
      }
      return awaitClosing(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private TlsIdentity tlsIdentity() {
    synchronized (tlsLock) {
      if (tlsIdentity == null) {
        try {
          tlsIdentity = TlsIdentity.generate();
        } catch (IOException | GeneralSecurityException e) {
          throw new IllegalStateException("fakesmtp: failed to make a self-signed certificate with keytool", e);
        }
      }
      return tlsIdentity;
    }
  }

  private String describe() {
    lock.lock();
    try {
      StringBuilder text = new StringBuilder();
      text.append(closed ? " (server closed)" : "").append("; connections: ").append(connections)
          .append(", transactions recorded: ").append(recorded.size()).append(", taken: ").append(taken);
      commands.forEach((index, lines) -> text.append("\n  connection ").append(index).append(": ").append(lines));
      return text.toString();
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to release.
    }
  }
}
