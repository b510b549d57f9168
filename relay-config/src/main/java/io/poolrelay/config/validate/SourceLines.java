package io.poolrelay.config.validate;

/**
 * Where each value of a bound configuration was written, so that checks made after binding can still
 * point at a line. Paths use the error format: {@code pools.all.members[0].upstream}.
 */
@FunctionalInterface
public interface SourceLines {

  /** Lines are unknown, for configurations built in code rather than read from a file. */
  SourceLines NONE = path -> 0;

  /** The 1-based line of {@code path}, or 0 when it was not written (a default). */
  int lineOf(String path);
}
