package io.poolrelay.server.spool;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes queue ids: 10 base-32 characters of arrival milliseconds, then 5 of a per-process sequence.
 * Ids sort by arrival (oldest first, as {@code ls} shows them), are safe in file names, and carry the
 * arrival time so the index needs no other field for it.
 */
public final class QueueId {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int TIME_CHARS = 10;
  private static final int SEQUENCE_CHARS = 5;
  public static final int LENGTH = TIME_CHARS + SEQUENCE_CHARS;

  private final AtomicLong sequence;

  /** {@code seed} varies the sequence between runs so two processes started in one millisecond differ. */
  public QueueId(long seed) {
    this.sequence = new AtomicLong(seed & 0xFFFFF);
  }

  public String next(Instant now) {
    char[] id = new char[LENGTH];
    encode(now.toEpochMilli(), id, 0, TIME_CHARS);
    encode(sequence.getAndIncrement(), id, TIME_CHARS, SEQUENCE_CHARS);
    return new String(id);
  }

  /** True for strings this class could have made; anything else in a queue directory is not ours. */
  public static boolean isValid(String candidate) {
    if (candidate.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (valueOf(candidate.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The arrival time encoded in a valid id. */
  public static Instant arrivalOf(String id) {
    long millis = 0;
    for (int i = 0; i < TIME_CHARS; i++) {
      millis = (millis << 5) | valueOf(id.charAt(i));
    }
    return Instant.ofEpochMilli(millis);
  }

  private static void encode(long value, char[] target, int offset, int length) {
    for (int i = offset + length - 1; i >= offset; i--) {
      target[i] = ALPHABET[(int) (value & 31)];
      value >>>= 5;
    }
  }

  private static int valueOf(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
