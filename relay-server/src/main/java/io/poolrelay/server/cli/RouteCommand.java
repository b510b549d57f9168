package io.poolrelay.server.cli;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.model.PoolConfig;
import io.poolrelay.server.delivery.MemberAvailability;
import io.poolrelay.server.delivery.PoolMembers;
import io.poolrelay.server.routing.RouteDecision;
import io.poolrelay.server.routing.Router;
import io.poolrelay.server.routing.RoutingInput;
import io.poolrelay.upstreams.selection.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code poolrelay route}: explains where a message would go without sending it: which route matched
 * (or why each did not), the pool, its members in the order they would be tried, why any is skipped,
 * and the fallback pool if one is configured.
 */
@Command(name = "route", description = "Explain the routing decision for a message, without sending.")
final class RouteCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--from", defaultValue = "", description = "Envelope sender (empty for <>).")
  String from;

  @Option(names = "--to", required = true, description = "Envelope recipient (repeatable).")
  List<String> to;

  @Option(names = "--header", description = "A header as 'Name: value' (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = "--listener", defaultValue = "default", description = "Listener name (default: ${DEFAULT-VALUE}).")
  String listener;

  @Option(names = "--user", defaultValue = "", description = "Authenticated user, if any.")
  String user;

  @Override
  public Integer call() {
    Optional<RelayConfig> loaded = config.loadOrReport();
    if (loaded.isEmpty()) {
      return 1;
    }
    RelayConfig relay = loaded.get();
    Set<String> hintNames = new HashSet<>();
    relay.routing().hintHeaders().forEach(h -> hintNames.add(h.toLowerCase(Locale.ROOT)));
    Map<String, String> hints = new HashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        config.err().println("--header must look like 'Name: value', got '" + header + "'");
        return 2;
      }
      String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (!hintNames.contains(name)) {
        config.out().println("note: " + header.substring(0, colon).strip()
            + " is not in routing.hint_headers, so routing ignores it");
        continue;
      }
      hints.putIfAbsent(name, header.substring(colon + 1).strip());
    }
    RouteDecision decision =
        new Router(relay.routing()).route(new RoutingInput(hints, from, to, listener, user));
    decision.explanation().forEach(line -> config.out().println("  " + line));
    config.out().println("pool: " + decision.pool() + " (" + decision.source() + ")");
    PoolMembers members = new PoolMembers(relay, new SplittableRandom(0), MemberAvailability.fromConfig(relay));
    Set<String> seen = new HashSet<>();
    String pool = decision.pool();
    while (pool != null && seen.add(pool)) {
      describePool(relay, members, relay.pool(pool));
      pool = relay.pool(pool).fallback().orElse(null);
      if (pool != null) {
        config.out().println("if no member of that pool can take it: fallback pool " + pool);
      }
    }
    return 0;
  }

  private void describePool(RelayConfig relay, PoolMembers members, PoolConfig pool) {
    PoolMembers.Choice choice = members.choose(pool.name());
    config.out().println("pool " + pool.name() + " (strategy " + pool.strategy().name().toLowerCase(Locale.ROOT)
        + "), members in the order they would be tried for the next message:");
    for (int i = 0; i < choice.order().size(); i++) {
      Candidate candidate = choice.order().get(i);
      config.out().printf("  %d. %s (type %s, weight %d)%n", i + 1, candidate.upstream(),
          relay.upstream(candidate.upstream()).type(), candidate.weight());
    }
    choice.skipped().forEach(s -> config.out().println("  skipped " + s));
    if (choice.order().isEmpty()) {
      config.out().println("  no usable member: mail for this pool would wait in the spool");
    }
  }
}
