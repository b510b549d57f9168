package io.poolrelay.upstreams.sesstub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * An HTTP stub that speaks SES v2's wire format for SendEmail (raw content) and GetAccount, scriptable
 * per operation and able to fault the socket: script, run the code under test, verify (the shape of
 * OkHttp's MockWebServer and of our {@code FakeSmtpServer}).
 *
 * <pre>{@code
 * try (var ses = SesStub.start()) {
 *   ses.enqueueSend(SesErrorAnswers.maximumSendingRateExceeded(), SesAnswer.closeAfterRequest());
 *   // ... a SesV2Client with endpointOverride(ses.endpoint()) sends ...
 *   RecordedSend send = ses.takeSend(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>It exists because the {@code aws-ses-v2-local} emulator answers every error as a plain 400 and
 * keeps no raw bytes, while the ses upstream must be tested against SES's real error types, against
 * socket faults ("did SES get it?") and for byte-exact content. It is written on a plain
 * {@link ServerSocket} rather than an HTTP server library so that it can fault the connection itself. The
 * stub enforces nothing on its own (no quota, no sandbox, no size limit, no signature check): every refusal
 * is scripted, so each test says what it tests.
 *
 * <p>When an operation's queue is empty it succeeds. A successful send counts its recipients (To, Cc and
 * Bcc, as SES counts them) into the account's {@code SentLast24Hours}, like real SES, unless the stub was
 * started with {@code countSends} false. Requests for other paths get 404 {@code UnknownOperationException}
 * and are listed by {@link #unexpectedRequests()}.
 *
 * <p>What the SDK on the apache5 client throws for the faults (details and the error mapping in the package
 * documentation): {@link SocketFault#CLOSE_AFTER_REQUEST} and {@link #closeNextConnectionAtConnect()} both
 * give an {@code SdkClientException} caused by {@code org.apache.hc.core5.http.NoHttpResponseException},
 * indistinguishable, so "ambiguous: SES may have it"; {@link SocketFault#STALL} gives
 * {@code ApiCallAttemptTimeoutException} (attempt timeout) or an {@code SdkClientException} caused by
 * {@code java.net.SocketTimeoutException} (socket timeout), also ambiguous; a refused connection
 * ({@link #refusingEndpoint()}) gives an {@code SdkClientException} caused by
 * {@code org.apache.hc.client5.http.HttpHostConnectException}, the only "certainly not sent".
 *
 * <p>{@link #holdAnswers()} makes every request wait for {@link #releaseHeld(int)} before it is answered,
 * and {@link #openRequestCount()} / {@link #peakOpenRequestCount()} tell how many calls a client had under
 * way at the stub at once: how a client's concurrency bound is tested without timing.
 *
 * <p>Threads: one named {@code sesstub-accept}, and one virtual thread per connection named
 * {@code sesstub-conn-N}. {@link #close()} closes every connection (stalled ones too) and joins them all.
 */
public final class SesStub implements AutoCloseable {

  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);
  private static final SesAnswer SUCCESS = SesAnswer.success();

  private final ServerSocket serverSocket;
  private final boolean countSends;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock:
  private final ArrayDeque<SesAnswer> sendAnswers = new ArrayDeque<>();
  private final ArrayDeque<SesAnswer> accountAnswers = new ArrayDeque<>();
  private final List<RecordedSend> sends = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<String> unexpected = new ArrayList<>();
  private final List<StubConnection> connections = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private StubAccount account;
  private int pendingConnectCloses;
  private int connectionCount;
  private int openConnections;
  private int sendIndex;
  private int messageIds;
  private int requestIds;
  private int taken;
  private boolean closed;
  private boolean holding;
  private long heldTickets;
  private long releasedTickets;
  private int openRequests;
  private int peakOpenRequests;

  private SesStub(ServerSocket serverSocket, StubAccount account, boolean countSends) {
    this.serverSocket = serverSocket;
    this.account = account;
    this.countSends = countSends;
  }

  /** Starts on 127.0.0.1 and a free port with {@link StubAccount#production()}, counting sends into it. */
  public static SesStub start() {
    return start(StubAccount.production(), true);
  }

  /**
   * Starts on 127.0.0.1 and a free port.
   *
   * @param countSends whether each successful send adds its recipients to the account's
   *                   {@code SentLast24Hours} (real SES does); false keeps the account exactly as set
   */
  public static SesStub start(StubAccount account, boolean countSends) {
    Objects.requireNonNull(account, "account");
    ServerSocket serverSocket;
    try {
      // Port 0: a fixed port would collide with parallel builds on the same machine.
      serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    } catch (IOException e) {
      throw new UncheckedIOException("sesstub: failed to bind 127.0.0.1:0", e);
    }
    SesStub stub = new SesStub(serverSocket, account, countSends);
    stub.startAccepting();
    return stub;
  }

  /**
   * An endpoint where nothing listens (a port just bound and released), for "connection refused" tests.
   * Another process could take the port meanwhile, which is unlikely within a test.
   */
  public static URI refusingEndpoint() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return URI.create("http://127.0.0.1:" + probe.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("sesstub: failed to find a free port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, for the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create(url());
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Queues answers for the next SendEmail requests, used once each, in order. */
  public void enqueueSend(SesAnswer... answers) {
    enqueue(sendAnswers, answers);
  }

  /** Queues answers for the next GetAccount requests, used once each, in order. */
  public void enqueueAccount(SesAnswer... answers) {
    enqueue(accountAnswers, answers);
  }

  /**
   * Closes the next new connection as soon as it is accepted, before reading anything; each call adds one.
   * A client that reuses a pooled connection does not open a new one, so test this with a fresh client.
   */
  public void closeNextConnectionAtConnect() {
    update(() -> pendingConnectCloses++);
  }

  /** Replaces the account GetAccount describes (and successful sends count into, when counting). */
  public void setAccount(StubAccount account) {
    Objects.requireNonNull(account, "account");
    update(() -> this.account = account);
  }

  /** The account as GetAccount would describe it now, sends counted in. */
  public StubAccount account() {
    return withLock(() -> account);
  }

  /**
   * The next send not taken yet, in the order they were recorded, waiting up to {@code timeout}.
   *
   * @throws AssertionError when none arrives in time or the stub is closed meanwhile, with what the stub did see
   */
  public RecordedSend takeSend(Duration timeout) {
    lock.lock(); // Held across the wait (the condition releases it) so that two takers never take one send.
    try {
      if (!await(() -> sends.size() - taken, 1, timeout)) {
        throw new AssertionError("sesstub: no send within " + timeout + describe());
      }
      return sends.get(taken++);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} sends were recorded (since the last {@link #clear()}) and returns them all.
   *
   * @throws AssertionError when fewer arrive in time or the stub is closed meanwhile
   */
  public List<RecordedSend> awaitSends(int count, Duration timeout) {
    if (!await(sends::size, count, timeout)) {
      throw new AssertionError("sesstub: fewer than " + count + " sends within " + timeout + describe());
    }
    return sends();
  }

  /**
   * Waits until at least {@code count} requests were read in full, of any operation (a stalled one too).
   *
   * @throws AssertionError when fewer arrive in time or the stub is closed meanwhile
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    if (!await(requests::size, count, timeout)) {
      throw new AssertionError("sesstub: fewer than " + count + " requests within " + timeout + describe());
    }
    return requests();
  }

  /** Every send recorded since the last {@link #clear()}, taken or not, whatever was answered. */
  public List<RecordedSend> sends() {
    return withLock(() -> List.copyOf(sends));
  }

  /** Every request read in full since the last {@link #clear()}, of any operation. */
  public List<RecordedRequest> requests() {
    return withLock(() -> List.copyOf(requests));
  }

  public int requestCount() {
    return withLock(requests::size);
  }

  /**
   * From now on, every request read in full waits before it is answered until {@link #releaseHeld(int)} lets
   * it go, oldest first, or the stub is closed: an SES as slow as the test decides, for tests of how many
   * calls a client has under way at once. A held request is recorded (and counts as open) as soon as it is
   * read; its scripted answer is decided then and carried out when it is let go.
   */
  public void holdAnswers() {
    update(() -> holding = true);
  }

  /**
   * Lets the {@code count} oldest held requests be answered; when fewer are held, the rest of {@code count}
   * lets later requests through without waiting.
   */
  public void releaseHeld(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    update(() -> {
      releasedTickets += count;
      changed.signalAll();
    });
  }

  /** Requests held now, waiting for {@link #releaseHeld(int)}. */
  public int heldCount() {
    return withLock(this::held);
  }

  /**
   * Waits until at least {@code count} requests are held at once.
   *
   * @throws AssertionError when fewer are held in time or the stub is closed meanwhile
   */
  public void awaitHeld(int count, Duration timeout) {
    if (!await(this::held, count, timeout)) {
      throw new AssertionError("sesstub: fewer than " + count + " requests held within " + timeout + " (held: "
          + heldCount() + ")" + describe());
    }
  }

  /**
   * Requests read in full and not answered yet: held, being answered, or met with a {@link SocketFault}
   * whose connection is still open (a stalled request counts until its client gives up).
   */
  public int openRequestCount() {
    return withLock(() -> openRequests);
  }

  /** The most requests that were open at one time ({@link #openRequestCount()}) since the stub started. */
  public int peakOpenRequestCount() {
    return withLock(() -> peakOpenRequests);
  }

  /**
   * Connections whose client has not gone away yet; a stalled connection counts until its client closes it,
   * which is how a test sees that a client gave up.
   */
  public int openConnectionCount() {
    return withLock(() -> openConnections);
  }

  /** Connections accepted so far, those closed at connect included. */
  public int connectionCount() {
    return withLock(() -> connectionCount);
  }

  /**
   * Requests the stub does not know (another operation, another content type than Raw, malformed HTTP),
   * one line each. The stub answers them with an error; tests assert this list is empty.
   */
  public List<String> unexpectedRequests() {
    return withLock(() -> List.copyOf(unexpected));
  }

  /**
   * Forgets what was recorded: sends, requests and unexpected requests. Scripted answers still queued,
   * the account and the message id sequence stay.
   */
  public void clear() {
    update(() -> {
      sends.clear();
      requests.clear();
      unexpected.clear();
      taken = 0;
    });
  }

  /**
   * Stops accepting, closes every connection (stalled ones too), releases waiting threads and joins the
   * stub's threads.
   *
   * @throws IllegalStateException when a thread outlives the deadline or a connection failed with a bug
   *     in the stub itself (not an I/O error)
   */
  @Override
  public void close() {
    List<StubConnection> open;
    List<Thread> owned;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      open = List.copyOf(connections);
      owned = List.copyOf(threads);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      serverSocket.close();
    } catch (IOException e) {
      // Closing is all we wanted.
    }
    open.forEach(StubConnection::closeSocket);

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
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    List<Throwable> bugs = withLock(() -> List.copyOf(failures));
    if (!alive.isEmpty() || !bugs.isEmpty()) {
      IllegalStateException problem = new IllegalStateException("sesstub: unclean close: threads still running "
          + alive + " after " + CLOSE_DEADLINE + ", " + bugs.size() + " connection(s) failed");
      bugs.forEach(problem::addSuppressed);
      throw problem;
    }
  }

  @Override
  public String toString() {
    return "SesStub[" + url() + "]";
  }

  // ---- used by the connections ----

  /** Decides the reaction to one request read in full, and records it. */
  Reaction react(int connectionIndex, HttpRequest request) {
    boolean send = request.method().equals("POST") && request.path().equals(SesWire.SEND_EMAIL);
    boolean getAccount = request.method().equals("GET") && request.path().equals(SesWire.GET_ACCOUNT);
    SesWire.SendEmailBody body = null;
    String problem = null;
    if (send) {
      try {
        body = SesWire.parseSendEmail(request.body());
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    lock.lock();
    try {
      String requestId = String.format("00000000-0000-4000-8000-%012d", ++requestIds);
      Reaction reaction;
      if (body != null) {
        reaction = reactToSend(body, request, requestId);
      } else if (getAccount) {
        SesAnswer answer = accountAnswers.isEmpty() ? SUCCESS : accountAnswers.removeFirst();
        StubAccount current = account;
        reaction = reaction(answer, () -> SesWire.accountSuccess(current, requestId), requestId);
      } else if (send) {
        unexpected.add("connection " + connectionIndex + ": " + problem);
        reaction = Reaction.respond(SesWire.error(new SesAnswer.AwsError(400, "BadRequestException", problem), requestId));
      } else {
        unexpected.add("connection " + connectionIndex + ": " + request.method() + " " + request.target());
        reaction = Reaction.respond(SesWire.unknownOperation(requestId));
      }
      requests.add(new RecordedRequest(connectionIndex, request.method(), request.target(), request.headers(),
          reaction.status()));
      openRequests++;
      peakOpenRequests = Math.max(peakOpenRequests, openRequests);
      changed.signalAll();
      if (holding) {
        long ticket = heldTickets++;
        while (ticket >= releasedTickets && !closed) {
          changed.awaitUninterruptibly(); // close() and releaseHeld() signal; close() also closes the socket.
        }
      }
      return reaction;
    } finally {
      lock.unlock();
    }
  }

  /** The connection answered the request {@link #react} gave it, or gave up on it (a fault, its end). */
  void requestFinished() {
    update(() -> {
      openRequests--;
      changed.signalAll();
    });
  }

  void recordUnexpected(String line) {
    update(() -> unexpected.add(line));
  }

  void connectionEnded() {
    update(() -> {
      openConnections--;
      changed.signalAll();
    });
  }

  void connectionFailed(int connectionIndex, Throwable failure) {
    update(() -> failures.add(new IllegalStateException("sesstub: connection " + connectionIndex + " failed", failure)));
  }

  // ---- private ----

  /** Guarded by lock. */
  private Reaction reactToSend(SesWire.SendEmailBody body, HttpRequest request, String requestId) {
    SesAnswer answer = sendAnswers.isEmpty() ? SUCCESS : sendAnswers.removeFirst();
    Optional<String> messageId = Optional.empty();
    if (answer instanceof SesAnswer.Success) {
      messageId = Optional.of(String.format("0100018c-stub-%06d", ++messageIds));
      if (countSends) {
        account = account.plusSent(body.recipientCount());
      }
    }
    String id = messageId.orElse(null);
    Reaction reaction = reaction(answer, () -> SesWire.sendEmailSuccess(id, requestId), requestId);
    sends.add(new RecordedSend(sendIndex++, messageId, reaction.status(), body.from(), body.to(), body.cc(), body.bcc(),
        body.raw(), body.tags(), body.configurationSetName(), body.feedbackForwardingEmailAddress(), request.headers()));
    return reaction;
  }

  private static Reaction reaction(SesAnswer answer, Supplier<HttpResponse> success, String requestId) {
    return switch (answer) {
      case SesAnswer.Success s -> Reaction.respond(success.get());
      case SesAnswer.AwsError error -> Reaction.respond(SesWire.error(error, requestId));
      case SesAnswer.PlainHttp plain -> Reaction.respond(SesWire.plain(plain));
      case SesAnswer.Fault fault -> Reaction.fault(fault.fault());
    };
  }

  private void enqueue(ArrayDeque<SesAnswer> queue, SesAnswer... answers) {
    List<SesAnswer> checked = List.of(answers); // Rejects nulls before anything is queued.
    update(() -> queue.addAll(checked));
  }

  private void startAccepting() {
    Thread accept = Thread.ofPlatform().name("sesstub-accept").daemon(true).unstarted(this::acceptLoop);
    update(() -> threads.add(accept));
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
        int index = connectionCount++;
        openConnections++;
        boolean closeAtConnect = pendingConnectCloses > 0;
        if (closeAtConnect) {
          pendingConnectCloses--;
        }
        StubConnection connection = new StubConnection(this, index, socket, closeAtConnect);
        Thread thread = Thread.ofVirtual().name("sesstub-conn-" + index).unstarted(connection);
        connections.add(connection);
        threads.add(thread);
        changed.signalAll();
        thread.start();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Guarded by lock: requests that got a ticket and are not let go yet. */
  private int held() {
    return (int) Math.max(0, heldTickets - releasedTickets);
  }

  /** Waits until {@code value} (read under the lock) reaches {@code atLeast}; false on timeout or close. */
  private boolean await(IntSupplier value, int atLeast, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (value.getAsInt() < atLeast) {
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

  private <T> T withLock(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private void update(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private String describe() {
    lock.lock();
    try {
      StringBuilder text = new StringBuilder();
      text.append(closed ? " (stub closed)" : "").append("; connections: ").append(connectionCount)
          .append(", sends recorded: ").append(sends.size()).append(", taken: ").append(taken)
          .append(", requests: ").append(requests).append(", unexpected: ").append(unexpected);
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
