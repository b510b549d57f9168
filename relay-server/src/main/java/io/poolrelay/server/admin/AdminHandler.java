package io.poolrelay.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of one connection: turns each aggregated request into an {@link AdminRequest}, and the
 * {@link AdminResponse} back into HTTP. A request the codec could not decode gets a JSON 400 (414 for a
 * too-long request line, 431 for too-large headers) and the connection is closed.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminRoutes routes;

  AdminHandler(AdminRoutes routes) {
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String remote = describe(ctx.channel().remoteAddress());
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      Throwable cause = decoded.cause();
      log.debug("admin: undecodable request from {}: {}", remote, cause.toString());
      AdminResponse response = switch (cause) {
        case TooLongHttpLineException e -> AdminResponse.error(414, "request line too long");
        case TooLongHttpHeaderException e -> AdminResponse.error(431, "request headers too large");
        case TooLongFrameException e -> AdminResponse.error(413, "request too large");
        default -> AdminResponse.error(400, "malformed HTTP request");
      };
      write(ctx, response, false);
      return;
    }
    AdminResponse response = routes.handle(new AdminRequest(request.method().name(), request.uri(),
        Optional.ofNullable(request.headers().get(HttpHeaderNames.AUTHORIZATION)), remote));
    write(ctx, response, HttpUtil.isKeepAlive(request));
  }

  private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
    ByteBuf body = Unpooled.copiedBuffer(response.body(), StandardCharsets.UTF_8);
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), body);
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    response.headers().forEach((name, value) -> http.headers().set(name, value));
    if (!keepAlive) {
      http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(http);
    }
  }

  /** {@code 127.0.0.1:52686} rather than {@code /127.0.0.1:52686}. */
  private static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin: closing the connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
