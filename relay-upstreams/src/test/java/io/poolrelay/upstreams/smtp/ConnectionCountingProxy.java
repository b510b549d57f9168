package io.poolrelay.upstreams.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay that counts connections, so a test can see from outside the client how many
 * were open at once. Its threads are virtual, named, and stopped by {@link #close()}.
 */
final class ConnectionCountingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  ConnectionCountingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  int peakConnections() {
    return peak.get();
  }

  int totalConnections() {
    return total.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        total.incrementAndGet();
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        AtomicInteger halves = new AtomicInteger(2);
        Runnable done = () -> {
          if (halves.decrementAndGet() == 0) {
            open.decrementAndGet();
          }
          closeQuietly(client);
          closeQuietly(server);
        };
        Thread.ofVirtual().name("proxy-up").start(() -> pipe(client, server, done));
        Thread.ofVirtual().name("proxy-down").start(() -> pipe(server, client, done));
      } catch (IOException e) {
        // Listener closed.
      }
    }
  }

  private static void pipe(Socket from, Socket to, Runnable done) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // One side went away.
    } finally {
      done.run();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws Exception {
    listener.close();
    sockets.forEach(ConnectionCountingProxy::closeQuietly);
    acceptor.join(java.time.Duration.ofSeconds(5));
  }
}
