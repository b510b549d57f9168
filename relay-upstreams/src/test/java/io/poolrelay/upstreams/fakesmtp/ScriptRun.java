package io.poolrelay.upstreams.fakesmtp;

import java.util.List;
import java.util.Optional;

/** A script being played on one connection: remembers which {@code once()} rules are spent. */
final class ScriptRun {

  private final Script script;
  private final List<Script.Rule> rules;
  private final boolean[] spent;

  ScriptRun(Script script) {
    this.script = script;
    this.rules = script.rules();
    this.spent = new boolean[rules.size()];
  }

  Script script() {
    return script;
  }

  Optional<ScriptedReply> reply(Phase phase, int transaction, String recipient) {
    int i = find(phase, transaction, recipient, true);
    return i < 0 ? Optional.empty() : Optional.of(rules.get(i).reply());
  }

  /** The effect for this phase, or null. */
  SocketEffect effect(Phase phase, int transaction) {
    int i = find(phase, transaction, null, false);
    return i < 0 ? null : rules.get(i).effect();
  }

  private int find(Phase phase, int transaction, String recipient, boolean wantReply) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Script.Rule rule = rules.get(i);
      boolean isReply = rule.reply() != null;
      if (isReply == wantReply && !spent[i] && rule.matches(phase, transaction, recipient)) {
        if (rule.once()) {
          spent[i] = true;
        }
        return i;
      }
    }
    return -1;
  }
}
