package io.poolrelay.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.poolrelay.upstreams.fakesmtp.FakeSmtpServer;
import io.poolrelay.upstreams.fakesmtp.RecordedTransaction;
import java.io.IOException;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every {@code src/test/resources/dialogs/*.dialog} against a relay whose upstream is a
 * {@link FakeSmtpServer}; the file format is described in {@link DialogScript}. A new case is a new file.
 */
class SmtpDialogsIT {

  private static final Set<String> LISTENER_KEYS = Set.of("max_message_size", "max_recipients", "max_connections",
      "bare_line_endings", "allowed_networks", "hostname", "idle_timeout");
  private static final Set<String> ROUTING_KEYS = Set.of("strip_hint_headers", "hint_headers");
  private static final Pattern QUEUED = Pattern.compile("queued as (\\S+)");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  static Stream<DialogScript> dialogs() throws IOException, URISyntaxException {
    Path folder = Path.of(SmtpDialogsIT.class.getResource("/dialogs").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> sorted = files.filter(f -> f.toString().endsWith(".dialog")).sorted().toList();
      if (sorted.isEmpty()) {
        throw new IllegalStateException("no dialogs in " + folder);
      }
      return sorted.stream().map(f -> {
        try {
          return DialogScript.parse(f);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + f, e);
        }
      }).toList().stream();
    }
  }

  /**
   * {@code auth_user=NAME:PASSWORD} turns on AUTH with that one user and {@code require_tls: false}, since
   * dialogs speak clear text; the bcrypt hash is made here, at the lowest cost to keep the run fast.
   */
  static String yaml(Map<String, String> config, int upstreamPort) {
    StringBuilder listener = new StringBuilder("name: default, address: 127.0.0.1:0");
    StringBuilder routing = new StringBuilder("default_pool: all");
    for (Map.Entry<String, String> setting : config.entrySet()) {
      String key = setting.getKey();
      String value = setting.getValue();
      if (key.equals("auth_user")) {
        String[] user = value.split(":", 2);
        String hash = BCrypt.withDefaults().hashToString(4, user[1].toCharArray());
        listener.append(", auth: { users: { ").append(user[0]).append(": \"").append(hash)
            .append("\" }, require_tls: false }");
        continue;
      }
      if (key.equals("allowed_networks") || key.equals("hint_headers")) {
        value = "[" + value + "]";
      }
      if (LISTENER_KEYS.contains(key)) {
        listener.append(", ").append(key).append(": ").append(value);
      } else if (ROUTING_KEYS.contains(key)) {
        routing.append(", ").append(key).append(": ").append(value);
      } else {
        throw new IllegalArgumentException("dialog config: unknown key " + key);
      }
    }
    return """
        listeners: [ { %s } ]
        upstreams:
          fake: { type: smtp, host: 127.0.0.1, port: %d, tls: none }
        pools:
          all: { members: [ { upstream: fake } ] }
        routing: { %s }
        """.formatted(listener, upstreamPort, routing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialogs")
  void dialogGoesAsWritten(DialogScript script) throws Exception {
    try (FakeSmtpServer upstream = FakeSmtpServer.start();
        RunningRelay relay = RunningRelay.start(dir, yaml(script.config(), upstream.port()))) {
      String queueId = converse(script, relay.port());
      if (!script.expectations().isEmpty()) {
        relay.awaitEmptyQueue(WAIT);
        check(script, upstream.transactions(), queueId);
      }
    }
  }

  /** Runs the C and S steps; returns the queue id of the last "queued as" reply, or null. */
  private static String converse(DialogScript script, int port) throws IOException {
    StringBuilder transcript = new StringBuilder();
    SmtpDialog connection = SmtpDialog.connect(port);
    String greeting = connection.greeting();
    boolean greetingPending = true;
    String queueId = null;
    try {
      for (DialogScript.Step step : script.steps()) {
        switch (step) {
          case DialogScript.Connect connect -> {
            connection.close();
            connection = SmtpDialog.connect(port);
            greeting = connection.greeting();
            greetingPending = true;
            transcript.append("-- new connection\n");
          }
          case DialogScript.Send send -> {
            byte[] bytes = DialogScript.bytes(send.text(), queueId);
            if (send.crlf()) {
              bytes = Arrays.copyOf(bytes, bytes.length + 2);
              bytes[bytes.length - 2] = '\r';
              bytes[bytes.length - 1] = '\n';
            }
            transcript.append("C: ").append(abbreviate(send.text())).append('\n');
            connection.send(bytes);
          }
          case DialogScript.Expect expect -> {
            String reply = greetingPending ? greeting : readOrClosed(connection);
            greetingPending = false;
            transcript.append("S: ").append(reply).append('\n');
            String prefix = new String(DialogScript.bytes(expect.prefix(), null), StandardCharsets.UTF_8);
            if (reply == null || !reply.startsWith(prefix)) {
              fail(script.name() + ":" + expect.line() + ": expected a reply starting with '" + expect.prefix()
                  + "' but got: " + reply + "\ntranscript:\n" + transcript);
            }
            Matcher queued = QUEUED.matcher(reply);
            if (reply.startsWith("250") && queued.find()) {
              queueId = queued.group(1);
            }
          }
          case DialogScript.ExpectClosed closed -> {
            String reply = greetingPending ? greeting : readOrClosed(connection);
            greetingPending = false;
            if (reply != null) {
              reply = readOrClosed(connection) == null ? reply : reply + " (and more)";
              fail(script.name() + ":" + closed.line() + ": expected the connection to be closed but got: " + reply
                  + "\ntranscript:\n" + transcript);
            }
            transcript.append("S: <closed>\n");
          }
        }
      }
    } finally {
      connection.close();
    }
    return queueId;
  }

  private static String readOrClosed(SmtpDialog connection) throws IOException {
    try {
      return connection.readReply();
    } catch (SocketException e) {
      return null; // reset by the server: closed
    }
  }

  private static void check(DialogScript script, List<RecordedTransaction> delivered, String queueId)
      throws IOException, URISyntaxException {
    int selected = 1;
    for (String expectation : script.expectations()) {
      String where = script.name() + ": E: " + expectation + ": ";
      int space = expectation.indexOf(' ');
      String verb = space < 0 ? expectation : expectation.substring(0, space);
      String argument = space < 0 ? "" : expectation.substring(space + 1);
      if (verb.equals("delivered")) {
        assertEquals(Integer.parseInt(argument), delivered.size(), where + "upstream got " + describe(delivered));
        continue;
      }
      if (verb.equals("message")) {
        selected = Integer.parseInt(argument);
        continue;
      }
      assertTrue(delivered.size() >= selected, where + "no message " + selected + "; upstream got " + describe(delivered));
      RecordedTransaction message = delivered.get(selected - 1);
      byte[] data = message.data();
      int traceEnd = endOfTrace(data);
      assertTrue(traceEnd > 0, where + "data does not start with the relay's Received header:\n" + message.dataAsString());
      byte[] trace = Arrays.copyOf(data, traceEnd);
      byte[] afterTrace = Arrays.copyOfRange(data, traceEnd, data.length);
      String afterText = new String(afterTrace, StandardCharsets.UTF_8);
      switch (verb) {
        case "data-equals" -> {
          Path file = Path.of(SmtpDialogsIT.class.getResource("/dialogs/" + argument).toURI());
          assertArrayEquals(Files.readAllBytes(file), afterTrace, where + "got:\n" + afterText);
        }
        case "data-contains" -> assertTrue(indexOf(afterTrace, DialogScript.bytes(argument, queueId), 0) >= 0,
            where + "got:\n" + afterText);
        case "data-lacks" -> assertTrue(indexOf(afterTrace, DialogScript.bytes(argument, queueId), 0) < 0,
            where + "got:\n" + afterText);
        case "data-count" -> {
          int split = argument.indexOf(' ');
          int wanted = Integer.parseInt(argument.substring(0, split));
          assertEquals(wanted, count(afterTrace, DialogScript.bytes(argument.substring(split + 1), queueId)),
              where + "got:\n" + afterText);
        }
        case "trace-contains" -> assertTrue(indexOf(trace, DialogScript.bytes(argument, queueId), 0) >= 0,
            where + "trace header is:\n" + new String(trace, StandardCharsets.UTF_8));
        case "only-crlf" -> assertTrue(onlyCrlf(data), where + "got:\n" + message.dataAsString());
        case "mail-from" -> assertEquals(argument, message.mailFrom(), where);
        case "rcpt-to" -> assertEquals(List.of(argument.split(",")), message.rcptTo(), where);
        default -> throw new IllegalArgumentException(where + "unknown expectation");
      }
    }
  }

  /** The index just past the first header field, which must be a Received field; -1 otherwise. */
  private static int endOfTrace(byte[] data) {
    byte[] start = "Received: ".getBytes(StandardCharsets.US_ASCII);
    if (data.length < start.length || !Arrays.equals(Arrays.copyOf(data, start.length), start)) {
      return -1;
    }
    int position = 0;
    while (true) {
      int crlf = indexOf(data, new byte[] {'\r', '\n'}, position);
      if (crlf < 0) {
        return -1;
      }
      position = crlf + 2;
      if (position >= data.length || (data[position] != ' ' && data[position] != '\t')) {
        return position;
      }
    }
  }

  static boolean onlyCrlf(byte[] data) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\r' && (i + 1 == data.length || data[i + 1] != '\n')) {
        return false;
      }
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) {
        return false;
      }
    }
    return true;
  }

  private static int count(byte[] haystack, byte[] needle) {
    int count = 0;
    int at = indexOf(haystack, needle, 0);
    while (at >= 0) {
      count++;
      at = indexOf(haystack, needle, at + 1);
    }
    return count;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String describe(List<RecordedTransaction> delivered) {
    StringBuilder text = new StringBuilder(delivered.size() + " message(s)");
    for (RecordedTransaction message : delivered) {
      text.append("\n--- from <").append(message.mailFrom()).append("> to ").append(message.rcptTo()).append('\n')
          .append(message.dataAsString());
    }
    return text.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "...(" + text.length() + " chars)" : text;
  }
}
