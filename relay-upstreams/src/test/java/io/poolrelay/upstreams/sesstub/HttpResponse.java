package io.poolrelay.upstreams.sesstub;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP/1.1 response as the stub writes it: always with {@code Content-Length} and a {@code Date}. */
record HttpResponse(int status, Map<String, String> headers, byte[] body) {

  HttpResponse {
    headers = new LinkedHashMap<>(headers);
    body = body.clone();
  }

  byte[] wireBytes(boolean keepAlive) {
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    // The SDK reads Date to detect clock skew, so it is the real time, as AWS sends it.
    head.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] wire = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, wire, 0, headBytes.length);
    System.arraycopy(body, 0, wire, headBytes.length, body.length);
    return wire;
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 413 -> "Payload Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
  }
}
