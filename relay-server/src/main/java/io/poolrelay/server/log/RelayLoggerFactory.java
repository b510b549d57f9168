package io.poolrelay.server.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** Makes one {@link RelayLogger} per name, all writing to one {@link LogOutput}. */
public final class RelayLoggerFactory implements ILoggerFactory {

  private final LogOutput output = new LogOutput();
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, n -> new RelayLogger(n, output));
  }

  /** Where every logger writes; the CLI configures it once at start. */
  public LogOutput output() {
    return output;
  }
}
