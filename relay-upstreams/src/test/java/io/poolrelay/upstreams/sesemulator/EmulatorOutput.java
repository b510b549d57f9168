package io.poolrelay.upstreams.sesemulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the emulator process's output (stdout and stderr merged) on its own thread: it keeps the pipe
 * from filling up, keeps the last lines for error messages, and tells when the server says it listens,
 * so that start-up waits on that line rather than polling.
 */
final class EmulatorOutput implements Runnable {

  private static final int KEPT_LINES = 50;

  private final InputStream in;
  /** True once the server says it runs, false if the output ends first (the process died). */
  private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
  private final ArrayDeque<String> lines = new ArrayDeque<>();

  EmulatorOutput(InputStream in) {
    this.in = in;
  }

  CompletableFuture<Boolean> ready() {
    return ready;
  }

  /** The last lines the process wrote, for error messages. */
  synchronized List<String> tail() {
    return List.copyOf(lines);
  }

  @Override
  public void run() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        keep(line);
        if (line.contains("server running at")) {
          ready.complete(true);
        }
      }
    } catch (IOException e) {
      keep("(output unreadable: " + e + ")");
    } finally {
      ready.complete(false);
    }
  }

  private synchronized void keep(String line) {
    if (lines.size() == KEPT_LINES) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }
}
