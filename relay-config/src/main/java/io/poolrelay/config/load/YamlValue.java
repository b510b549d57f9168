package io.poolrelay.config.load;

import io.poolrelay.config.model.Secret;
import io.poolrelay.config.units.DataSize;
import io.poolrelay.config.units.DurationParser;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML value at a known path and line, with conversions to the types the records need.
 *
 * <p>Every conversion reports its own error and returns empty, so the binder never stops at the first
 * problem. Messages quote the text as written in the file, never what a {@code ${...}} reference
 * resolved to: that may be a password.
 */
final class YamlValue {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");

  private final Node node;
  private final String path;
  private final int line;
  private final BindContext context;

  YamlValue(Node node, String path, int line, BindContext context) {
    this.node = node;
    this.path = path;
    this.line = line;
    this.context = context;
    context.located(path, line);
  }

  static int lineOf(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  void error(String message) {
    context.error(path, line, message);
  }

  boolean isNull() {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  Optional<YamlMap> asMap() {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMap(mapping, path, line, context));
    }
    error("expected a map, found " + describe());
    return Optional.empty();
  }

  Optional<List<YamlValue>> asList() {
    if (!(node instanceof SequenceNode sequence)) {
      error("expected a list, found " + describe());
      return Optional.empty();
    }
    List<YamlValue> items = new ArrayList<>();
    List<Node> nodes = sequence.getValue();
    for (int i = 0; i < nodes.size(); i++) {
      Node item = nodes.get(i);
      items.add(new YamlValue(item, path + "[" + i + "]", lineOf(item), context));
    }
    return Optional.of(items);
  }

  /** The text with {@code ${env:...}} and {@code ${file:...}} references replaced. */
  Optional<String> asString() {
    return scalarText("a string");
  }

  /**
   * The resolved text of a scalar; {@code expected} names what the caller wants, for the message when
   * the value is a map or a list.
   */
  private Optional<String> scalarText(String expected) {
    if (!(node instanceof ScalarNode scalar) || isNull()) {
      error("expected " + expected + ", found " + describe());
      return Optional.empty();
    }
    if (!scalar.getTag().startsWith(Tag.PREFIX)) {
      error("tag '" + scalar.getTag().getValue() + "' is not supported");
      return Optional.empty();
    }
    SecretResolver.Resolution resolution = context.secrets().resolve(scalar.getValue());
    if (!resolution.problems().isEmpty()) {
      resolution.problems().forEach(this::error);
      return Optional.empty();
    }
    return Optional.of(resolution.value());
  }

  Optional<String> asNonEmptyString() {
    Optional<String> text = asString();
    if (text.isPresent() && text.get().isBlank()) {
      error("must not be empty");
      return Optional.empty();
    }
    return text;
  }

  /** A name of a listener, upstream or pool: it appears in logs and metric labels, so no spaces. */
  Optional<String> asName() {
    Optional<String> text = asNonEmptyString();
    if (text.isPresent() && !NAME.matcher(text.get()).matches()) {
      error(quoted() + " is not a valid name (use letters, digits, '_', '.' and '-')");
      return Optional.empty();
    }
    return text;
  }

  Optional<Secret> asSecret() {
    return asNonEmptyString().map(Secret::new);
  }

  Optional<Integer> asInt(int min, int max) {
    Optional<String> text = scalarText("an integer");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(text.get().strip().replace("_", ""));
    } catch (NumberFormatException e) {
      error("expected an integer, found " + quoted());
      return Optional.empty();
    }
    if (value < min || value > max) {
      error((max == Integer.MAX_VALUE ? "must be >= " + min : "must be between " + min + " and " + max)
          + ", was " + quoted());
      return Optional.empty();
    }
    return Optional.of((int) value);
  }

  /** A whole number of at least {@code min}, for counts that may exceed an int (daily volumes). */
  Optional<Long> asLong(long min) {
    Optional<String> text = scalarText("an integer");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(text.get().strip().replace("_", ""));
    } catch (NumberFormatException e) {
      error("expected an integer, found " + quoted());
      return Optional.empty();
    }
    if (value < min) {
      error("must be >= " + min + ", was " + quoted());
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /**
   * A plain decimal number greater than {@code exclusiveMin}, such as {@code 10} or {@code 1.5}.
   * Exponents, {@code .inf} and {@code .nan} are refused: a rate or a growth factor is never written
   * that way on purpose.
   */
  Optional<Double> asDecimalAbove(double exclusiveMin) {
    Optional<String> text = scalarText("a number");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String digits = text.get().strip().replace("_", "");
    if (!DECIMAL.matcher(digits).matches()) {
      error("expected a number such as 10 or 1.5, found " + quoted());
      return Optional.empty();
    }
    double value = Double.parseDouble(digits);
    if (value <= exclusiveMin) {
      error("must be greater than " + plain(exclusiveMin) + ", was " + quoted());
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /**
   * A share written as a percentage ({@code 3%}) or a fraction ({@code 0.03}), returned as the
   * fraction. It must be above 0 and at most 100%: a zero rate would trip on the first event.
   */
  Optional<Double> asRate() {
    Optional<String> text = scalarText("a rate such as 3% or 0.03");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String written = text.get().strip();
    boolean percent = written.endsWith("%");
    String digits = percent ? written.substring(0, written.length() - 1).strip() : written;
    if (!DECIMAL.matcher(digits).matches()) {
      error("expected a rate such as 3% or 0.03, found " + quoted());
      return Optional.empty();
    }
    double fraction = percent ? Double.parseDouble(digits) / 100 : Double.parseDouble(digits);
    if (fraction <= 0 || fraction > 1) {
      // "3" for three percent is an easy slip; the hint shows both spellings.
      error("must be greater than 0% and at most 100% (write 3% or 0.03), was " + quoted());
      return Optional.empty();
    }
    return Optional.of(fraction);
  }

  /** A calendar date written as {@code YYYY-MM-DD}; impossible dates such as 2026-02-30 are refused. */
  Optional<LocalDate> asDate() {
    Optional<String> text = scalarText("a date such as 2026-11-01");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.get().strip(), DateTimeFormatter.ISO_LOCAL_DATE));
    } catch (DateTimeParseException e) {
      error("expected a date as YYYY-MM-DD, such as 2026-11-01, found " + quoted());
      return Optional.empty();
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  Optional<Boolean> asBoolean() {
    Optional<String> text = scalarText("true or false");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    // YAML 1.1 spellings, because SnakeYAML already treats them as booleans.
    switch (text.get().strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> {
        return Optional.of(true);
      }
      case "false", "no", "off" -> {
        return Optional.of(false);
      }
      default -> {
        error("expected true or false, found " + quoted());
        return Optional.empty();
      }
    }
  }

  /** A duration greater than zero: every duration in the schema is a timeout, interval or age. */
  Optional<Duration> asPositiveDuration() {
    Optional<String> text = scalarText("a duration such as 30s");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Duration duration;
    try {
      duration = DurationParser.parse(text.get());
    } catch (IllegalArgumentException e) {
      error("invalid duration " + quoted() + ": " + e.getMessage());
      return Optional.empty();
    }
    if (duration.isZero()) {
      error("must be greater than 0, was " + quoted());
      return Optional.empty();
    }
    return Optional.of(duration);
  }

  Optional<Long> asSize(DataSize minimum) {
    Optional<String> text = scalarText("a size such as 25MB");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    DataSize size;
    try {
      size = DataSize.parse(text.get());
    } catch (IllegalArgumentException e) {
      error("invalid size " + quoted() + ": " + e.getMessage());
      return Optional.empty();
    }
    if (size.bytes() < minimum.bytes()) {
      error("must be at least " + minimum + ", was " + quoted());
      return Optional.empty();
    }
    return Optional.of(size.bytes());
  }

  /** Enum constants are written in lower case in YAML: {@code round_robin} for {@code ROUND_ROBIN}. */
  <E extends Enum<E>> Optional<E> asEnum(Class<E> type) {
    Optional<String> text = asString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(text.get().strip())) {
        return Optional.of(constant);
      }
    }
    String known =
        Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    error("unknown value " + quoted() + " (known: " + known + ")");
    return Optional.empty();
  }

  /** A path as written; a relative one stays relative and is resolved by the daemon. */
  Optional<Path> asPath() {
    Optional<String> text = asNonEmptyString();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(text.get()));
    } catch (InvalidPathException e) {
      error(quoted() + " is not a valid path");
      return Optional.empty();
    }
  }

  /**
   * A path to a file that exists and can be read now. Only that is checked: the content is read by
   * whoever uses the file, so a load never handles key material it does not need.
   */
  Optional<Path> asReadableFile() {
    Optional<Path> path = asPath();
    if (path.isPresent() && !(Files.isRegularFile(path.get()) && Files.isReadable(path.get()))) {
      error("file " + quoted() + " does not exist or cannot be read");
      return Optional.empty();
    }
    return path;
  }

  /** The value as written in the file, quoted, for messages. */
  String quoted() {
    return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : describe();
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a map";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "nothing" : quoted();
  }
}
