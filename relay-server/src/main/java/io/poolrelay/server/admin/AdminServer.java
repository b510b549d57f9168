package io.poolrelay.server.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on Netty. {@link #start} creates one event loop (its threads from the owner's
 * {@link ThreadFactory}, which {@code lifecycle/Relay} names {@code relay-admin-N}) and binds;
 * {@link #close} unbinds and stops that loop. With a bearer token, every request but {@code /healthz}
 * must carry it. Requests are bounded: request line {@value #MAX_INITIAL_LINE} bytes, headers
 * {@value #MAX_HEADER_SIZE} bytes, body {@value #MAX_CONTENT} bytes.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  static final int MAX_INITIAL_LINE = 4096;
  static final int MAX_HEADER_SIZE = 8192;
  static final int MAX_CONTENT = 64 * 1024;
  static final int READ_TIMEOUT_SECONDS = 30;

  private final InetSocketAddress bind;
  private final Optional<String> bearerToken;
  private final ThreadFactory threads;
  private final AdminApi api;

  private EventLoopGroup group;
  private Channel channel;

  /**
   * @param bind where to listen; anything but a loopback address needs a bearer token
   * @param bearerToken the token clients must send as {@code Authorization: Bearer ...}, if any
   * @param threads makes the event loop's threads; the owner names them
   * @param api the relay's data and actions
   */
  public AdminServer(InetSocketAddress bind, Optional<String> bearerToken, ThreadFactory threads, AdminApi api) {
    this.bind = Objects.requireNonNull(bind, "bind");
    this.bearerToken = Objects.requireNonNull(bearerToken, "bearerToken");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * Binds and starts serving.
   *
   * @return the address bound (with the real port when {@code bind} asked for port 0)
   * @throws IllegalStateException if already started, or bound beyond loopback without a token
   * @throws IOException if the address can't be bound
   */
  public synchronized InetSocketAddress start() throws IOException {
    if (group != null) {
      throw new IllegalStateException("admin: already started on " + channel.localAddress());
    }
    boolean loopback = bind.getAddress() != null && bind.getAddress().isLoopbackAddress();
    if (!loopback && bearerToken.isEmpty()) {
      throw new IllegalStateException("admin: refusing to listen on " + bind
          + " without a bearer token: anything but a loopback address needs admin.token");
    }
    AdminRoutes routes = new AdminRoutes(bearerToken.map(BearerToken::new), api);
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
    try {
      channel = new ServerBootstrap()
          .group(loop)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                  .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CONTENT))
                  .addLast(new HttpObjectAggregator(MAX_CONTENT))
                  .addLast(new AdminHandler(routes));
            }
          })
          .bind(bind).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
      throw new IOException("admin: failed to listen on " + bind + ": " + e.getMessage(), e);
    }
    group = loop;
    InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
    log.info("admin: listening on http://{}:{} ({})", bound.getAddress().getHostAddress(), bound.getPort(),
        bearerToken.isPresent() ? "bearer token required" : "no token");
    return bound;
  }

  /** The address bound, or empty before {@link #start}. */
  public synchronized Optional<InetSocketAddress> address() {
    return channel == null ? Optional.empty() : Optional.of((InetSocketAddress) channel.localAddress());
  }

  /** Stops listening, closes open connections and stops the event loop. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (group == null) {
      return;
    }
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    group = null;
    log.info("admin: stopped");
  }
}
