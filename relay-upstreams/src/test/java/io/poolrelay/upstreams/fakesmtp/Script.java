package io.poolrelay.upstreams.fakesmtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the fake upstream does on one connection: which replies and socket effects replace the
 * accepting defaults, what EHLO advertises, and how fast it reads.
 *
 * <p>Immutable: every method returns a new script, so one script can be the base of several.
 *
 * <p><b>Rules.</b> {@link #reply}, {@link #replyToRcpt} and {@link #on} each add a rule. A rule applies
 * every time its phase is reached on the connection, in every transaction, unless narrowed by
 * {@link #once()} or {@link #inTransaction(int)}, which change the rule added just before them. When
 * several rules match, the one added last wins. Replies and effects are separate: a phase can have a
 * {@link SocketEffect#delay delay} and a reply override at the same time.
 *
 * <p><b>Transactions</b> are numbered from 0 on each connection; each MAIL command starts the next one.
 * Commands before the first MAIL belong to transaction 0.
 *
 * <p>Scripted replies are sent as given ({@code "4.3.0 try later"} becomes {@code 451 4.3.0 try later});
 * a text with {@code \n} becomes a multi-line reply. Protocol errors (RCPT before MAIL, DATA without
 * accepted recipients, MAIL before a required AUTH) are answered before any scripted reply is consulted.
 */
public final class Script {

  /** SIZE advertised by default: 10 MiB. */
  public static final long DEFAULT_SIZE_LIMIT = 10L * 1024 * 1024;

  record Rule(Phase phase, String recipient, ScriptedReply reply, SocketEffect effect, int transaction, boolean once) {

    boolean matches(Phase p, int tx, String rcpt) {
      return phase == p
          && (transaction < 0 || transaction == tx)
          && (recipient == null || recipient.equalsIgnoreCase(rcpt));
    }
  }

  record Credentials(String user, String password) {}

  record Throttle(long bytesPerPeriod, Duration period) {}

  private final List<Rule> rules;
  private final List<String> extensions;
  private final boolean startTls;
  private final Credentials credentials;
  private final boolean authRequired;
  private final Throttle throttle;

  private Script(
      List<Rule> rules,
      List<String> extensions,
      boolean startTls,
      Credentials credentials,
      boolean authRequired,
      Throttle throttle) {
    this.rules = List.copyOf(rules);
    this.extensions = List.copyOf(extensions);
    this.startTls = startTls;
    this.credentials = credentials;
    this.authRequired = authRequired;
    this.throttle = throttle;
  }

  /**
   * Accepts everything with the usual replies, and advertises {@code PIPELINING}, {@code SIZE 10485760},
   * {@code 8BITMIME} and {@code ENHANCEDSTATUSCODES}.
   */
  public static Script accepting() {
    return new Script(
        List.of(),
        List.of("PIPELINING", "SIZE " + DEFAULT_SIZE_LIMIT, "8BITMIME", "ENHANCEDSTATUSCODES"),
        false,
        null,
        false,
        null);
  }

  /** Replies {@code code text} at {@code phase} instead of the default. */
  public Script reply(Phase phase, int code, String text) {
    Objects.requireNonNull(phase, "phase");
    if (phase == Phase.CONNECT || phase == Phase.DATA_BODY) {
      throw new IllegalArgumentException(
          phase + " has no reply of its own; script an effect with on(" + phase + ", ...)");
    }
    return withRule(new Rule(phase, null, new ScriptedReply(code, text), null, -1, false));
  }

  /** Replies {@code code text} to {@code RCPT TO:<recipient>} (compared without case) instead of the default. */
  public Script replyToRcpt(String recipient, int code, String text) {
    Objects.requireNonNull(recipient, "recipient");
    return withRule(new Rule(Phase.RCPT, stripBrackets(recipient), new ScriptedReply(code, text), null, -1, false));
  }

  /** Acts on the socket when {@code phase} is reached; see {@link SocketEffect}. */
  public Script on(Phase phase, SocketEffect effect) {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(effect, "effect");
    return withRule(new Rule(phase, null, null, effect, -1, false));
  }

  /** Narrows the rule added just before: it applies the first time it matches on the connection, then never. */
  public Script once() {
    Rule last = lastRule("once()");
    return replaceLast(new Rule(last.phase(), last.recipient(), last.reply(), last.effect(), last.transaction(), true));
  }

  /** Narrows the rule added just before to the given transaction (0-based) of each connection. */
  public Script inTransaction(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("transaction index must be >= 0, was " + index);
    }
    Rule last = lastRule("inTransaction()");
    return replaceLast(new Rule(last.phase(), last.recipient(), last.reply(), last.effect(), index, last.once()));
  }

  /**
   * Reads from the client, and writes to it, at most {@code bytesPerPeriod} bytes per {@code period}, so
   * that a client's timeouts fire against a slow peer rather than a dead one.
   */
  public Script throttle(long bytesPerPeriod, Duration period) {
    if (bytesPerPeriod < 1) {
      throw new IllegalArgumentException("bytesPerPeriod must be >= 1, was " + bytesPerPeriod);
    }
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    return new Script(rules, extensions, startTls, credentials, authRequired, new Throttle(bytesPerPeriod, period));
  }

  public Script withoutPipelining() {
    return withoutExtension("PIPELINING");
  }

  /** Stops advertising SIZE; the server then enforces no size limit. */
  public Script withoutSize() {
    return withoutExtension("SIZE");
  }

  public Script without8BitMime() {
    return withoutExtension("8BITMIME");
  }

  /** Stops advertising ENHANCEDSTATUSCODES; default replies then carry no enhanced code. */
  public Script withoutEnhancedStatusCodes() {
    return withoutExtension("ENHANCEDSTATUSCODES");
  }

  /** Advertises {@code SIZE limit} and refuses a MAIL whose SIZE parameter exceeds it. */
  public Script withSize(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("size limit must be >= 0, was " + limit);
    }
    return withExtension("SIZE " + limit);
  }

  /** Advertises one more EHLO line, such as {@code SMTPUTF8}; one with the same keyword is replaced in place. */
  public Script withExtension(String line) {
    Objects.requireNonNull(line, "line");
    String keyword = keyword(line);
    if (keyword.equals("STARTTLS") || keyword.equals("AUTH")) {
      throw new IllegalArgumentException(keyword + " is advertised through withStartTls() or withAuth()/requireAuth()");
    }
    List<String> copy = new ArrayList<>(extensions);
    int existing = -1;
    for (int i = 0; i < copy.size(); i++) {
      if (keyword(copy.get(i)).equals(keyword)) {
        existing = i;
      }
    }
    if (existing < 0) {
      copy.add(line);
    } else {
      copy.set(existing, line);
    }
    return new Script(rules, copy, startTls, credentials, authRequired, throttle);
  }

  /** Stops advertising the EHLO line that starts with {@code keyword}. */
  public Script withoutExtension(String keyword) {
    String wanted = keyword.toUpperCase(Locale.ROOT);
    List<String> copy = new ArrayList<>(extensions);
    copy.removeIf(line -> keyword(line).equals(wanted));
    return new Script(rules, copy, startTls, credentials, authRequired, throttle);
  }

  /** Advertises STARTTLS and performs the handshake with the server's self-signed certificate. */
  public Script withStartTls() {
    return new Script(rules, extensions, true, credentials, authRequired, throttle);
  }

  /** Advertises {@code AUTH PLAIN LOGIN} and checks these credentials, but lets unauthenticated clients send mail. */
  public Script withAuth(String user, String password) {
    return new Script(rules, extensions, startTls, credentials(user, password), authRequired, throttle);
  }

  /**
   * Advertises {@code AUTH PLAIN LOGIN}, checks these credentials ({@code 535 5.7.8} when wrong) and
   * answers {@code 530 5.7.0} to MAIL until the client has authenticated.
   */
  public Script requireAuth(String user, String password) {
    return new Script(rules, extensions, startTls, credentials(user, password), true, throttle);
  }

  List<Rule> rules() {
    return rules;
  }

  List<String> extensions() {
    return extensions;
  }

  boolean startTls() {
    return startTls;
  }

  Credentials credentials() {
    return credentials;
  }

  boolean authRequired() {
    return authRequired;
  }

  Throttle throttleOrNull() {
    return throttle;
  }

  boolean advertises(String keyword) {
    return extensions.stream().anyMatch(line -> keyword(line).equals(keyword));
  }

  /** The SIZE limit advertised, or 0 when none is (0 also means "no limit" in RFC 1870). */
  long sizeLimit() {
    for (String line : extensions) {
      if (keyword(line).equals("SIZE")) {
        String[] parts = line.trim().split("\\s+");
        return parts.length > 1 ? Long.parseLong(parts[1]) : 0;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return "Script[rules=" + rules + ", extensions=" + extensions + ", startTls=" + startTls
        + ", auth=" + (credentials == null ? "none" : authRequired ? "required" : "offered")
        + ", throttle=" + throttle + "]";
  }

  static String stripBrackets(String address) {
    String trimmed = address.trim();
    if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
      return trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed;
  }

  private static String keyword(String line) {
    String trimmed = line.trim();
    int space = trimmed.indexOf(' ');
    return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  private static Credentials credentials(String user, String password) {
    return new Credentials(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
  }

  private Script withRule(Rule rule) {
    List<Rule> copy = new ArrayList<>(rules);
    copy.add(rule);
    return new Script(copy, extensions, startTls, credentials, authRequired, throttle);
  }

  private Rule lastRule(String method) {
    if (rules.isEmpty()) {
      throw new IllegalStateException(method + " narrows the reply or effect added just before it, but none was added");
    }
    return rules.getLast();
  }

  private Script replaceLast(Rule rule) {
    List<Rule> copy = new ArrayList<>(rules);
    copy.set(copy.size() - 1, rule);
    return new Script(copy, extensions, startTls, credentials, authRequired, throttle);
  }
}
