package io.poolrelay.config.model;

/** How a pool orders its members for the next message. */
public enum SelectionStrategy {
  /** Smooth weighted round robin: deterministic, exact shares. */
  WEIGHTED,
  /** Weighted random, drawn per message. */
  RANDOM,
  /** Each member in turn, weights ignored. */
  ROUND_ROBIN,
  /** The first usable member in the order written. */
  PRIORITY
}
