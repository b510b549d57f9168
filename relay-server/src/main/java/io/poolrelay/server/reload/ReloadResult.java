package io.poolrelay.server.reload;

import java.util.List;

/**
 * What a reload did.
 *
 * @param applied whether the new configuration is in force; false changes nothing
 * @param errors why it was refused, one line per problem with its path and line
 * @param changes what changed, one line each ({@code upstream mx2 added}, {@code routing changed})
 * @param needsRestart sections that differ but apply only at the next start (listeners, spool, admin)
 */
public record ReloadResult(boolean applied, List<String> errors, List<String> changes, List<String> needsRestart) {

  public ReloadResult {
    errors = List.copyOf(errors);
    changes = List.copyOf(changes);
    needsRestart = List.copyOf(needsRestart);
  }

  static ReloadResult refused(List<String> errors) {
    return new ReloadResult(false, errors, List.of(), List.of());
  }
}
