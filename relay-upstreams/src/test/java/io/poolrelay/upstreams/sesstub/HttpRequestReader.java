package io.poolrelay.upstreams.sesstub;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests off one connection: the request line, the headers and a body framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}. It answers {@code Expect: 100-continue}
 * with {@code 100 Continue} before reading the body, as a client that asks for it waits for that.
 */
final class HttpRequestReader {

  /** Far above anything the SDK sends; a guard against runaway input, not a protocol limit. */
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;
  /** SES takes at most 40 MB of raw message, which base64 and JSON make about 54 MB. */
  private static final long MAX_BODY = 64L * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;

  HttpRequestReader(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /** The next request, or null when the client closed the connection between requests. */
  HttpRequest read() throws IOException {
    String requestLine = readLine(true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new ProtocolException("sesstub: not an HTTP/1.x request line: '" + requestLine + "'");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int count = 0; ; count++) {
      String line = readLine(false);
      if (line.isEmpty()) {
        break;
      }
      if (count >= MAX_HEADERS) {
        throw new ProtocolException("sesstub: more than " + MAX_HEADERS + " headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("sesstub: malformed header line '" + line + "'");
      }
      HttpHeaders.add(headers, line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    String expect = HttpHeaders.first(headers, "Expect").orElse("");
    boolean chunked = HttpHeaders.first(headers, "Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT).contains("chunked");
    long length = chunked ? -1 : contentLength(headers);
    if (expect.equalsIgnoreCase("100-continue") && (chunked || length > 0)) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body = chunked ? readChunked() : readExactly(length);
    return new HttpRequest(parts[0], parts[1], parts[2], headers, body);
  }

  private static long contentLength(Map<String, List<String>> headers) throws ProtocolException {
    String value = HttpHeaders.first(headers, "Content-Length").orElse("0").trim();
    long length;
    try {
      length = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ProtocolException("sesstub: bad Content-Length '" + value + "'");
    }
    if (length < 0 || length > MAX_BODY) {
      throw new ProtocolException("sesstub: Content-Length " + length + " outside 0.." + MAX_BODY);
    }
    return length;
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("sesstub: bad chunk size '" + sizeLine + "'");
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new ProtocolException("sesstub: chunked body beyond " + MAX_BODY + " bytes");
      }
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // Trailer fields: the SDK's checksums could come here; the stub has no use for them.
        }
        return body.toByteArray();
      }
      body.write(readExactly(size));
      if (!readLine(false).isEmpty()) {
        throw new ProtocolException("sesstub: chunk of " + size + " bytes not followed by CRLF");
      }
    }
  }

  private byte[] readExactly(long length) throws IOException {
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw new EOFException("sesstub: body ended after " + bytes.length + " of " + length + " bytes");
    }
    return bytes;
  }

  /** A line without its CRLF (a bare LF is tolerated); null at end of stream only where {@code eofAllowed}. */
  private String readLine(boolean eofAllowed) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofAllowed && line.size() == 0) {
          return null;
        }
        throw new EOFException("sesstub: connection closed in the middle of a request");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new ProtocolException("sesstub: line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }
}
