package io.poolrelay.server.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that formats the message once and hands it to {@link LogOutput}. */
final class RelayLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  private final transient LogOutput output;

  RelayLogger(String name, LogOutput output) {
    this.name = name;
    this.output = output;
  }

  @Override
  public boolean isTraceEnabled() {
    return output.enabled(name, Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return output.enabled(name, Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return output.enabled(name, Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return output.enabled(name, Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return output.enabled(name, Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    output.write(level, name, message == null ? "null" : message, throwable);
  }
}
