package io.poolrelay.upstreams.health;

import java.util.ArrayDeque;
import java.util.Deque;

/** A probe that answers from a script, in order, and passes once the script runs out. */
final class ScriptedProbe implements HealthProbe {

  private final Deque<ProbeResult> script = new ArrayDeque<>();
  private int calls;

  ScriptedProbe failing(int times, String detail) {
    for (int i = 0; i < times; i++) {
      script.add(ProbeResult.failed("CONNECT", detail));
    }
    return this;
  }

  ScriptedProbe passing() {
    script.add(ProbeResult.passed("session ok"));
    return this;
  }

  @Override
  public synchronized ProbeResult probe() {
    calls++;
    ProbeResult next = script.poll();
    return next == null ? ProbeResult.passed("session ok") : next;
  }

  synchronized int calls() {
    return calls;
  }
}
