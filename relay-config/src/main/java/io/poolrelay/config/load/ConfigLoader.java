package io.poolrelay.config.load;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.validate.ConfigError;
import io.poolrelay.config.validate.ConfigException;
import io.poolrelay.config.validate.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Loads and validates one configuration file.
 *
 * <p>The environment is a constructor argument so that {@code ${env:NAME}} resolves against a map
 * in tests and against {@code System.getenv()} in the daemon. The default host name (for listener
 * banners and EHLO) is passed in for the same reason: tests must not depend on the machine's name.
 */
public final class ConfigLoader {

  // Errors are listed in file order; those without a line (a missing top-level section) come last.
  private static final Comparator<ConfigError> FILE_ORDER =
      Comparator.comparingInt(e -> e.line() == 0 ? Integer.MAX_VALUE : e.line());

  private final Map<String, String> environment;
  private final String defaultHostname;

  public ConfigLoader(Map<String, String> environment, String defaultHostname) {
    this.environment = Map.copyOf(environment);
    this.defaultHostname = Objects.requireNonNull(defaultHostname, "defaultHostname");
  }

  /** Reads, binds and validates {@code file}; every problem found is in the exception. */
  public RelayConfig load(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (AccessDeniedException e) {
      throw unreadable(file, "permission denied");
    } catch (IOException e) {
      throw unreadable(file, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    // UnicodeReader honours a byte order mark, which editors on some systems add.
    return parse(new UnicodeReader(new ByteArrayInputStream(bytes)), file.toString());
  }

  /** Like {@link #load}, for YAML already in memory; {@code sourceName} labels the exception. */
  public RelayConfig parse(String yaml, String sourceName) throws ConfigException {
    return parse(new StringReader(yaml), sourceName);
  }

  private RelayConfig parse(Reader reader, String sourceName) throws ConfigException {
    List<ConfigError> syntaxErrors = new ArrayList<>();
    Optional<Node> root = new YamlReader().read(reader, syntaxErrors);
    if (!syntaxErrors.isEmpty()) {
      throw new ConfigException(sourceName, syntaxErrors);
    }
    BindContext context = new BindContext(new SecretResolver(environment), defaultHostname);
    ConfigBinder binder = new ConfigBinder(context);
    Optional<RelayConfig> draft =
        root.isPresent()
            ? binder.bind(new YamlValue(root.get(), "", YamlValue.lineOf(root.get()), context))
            : Optional.of(binder.bind(new YamlMap("", context)));
    List<ConfigError> errors = new ArrayList<>(context.errors());
    draft.ifPresent(config -> errors.addAll(new Validator().validate(config, context.lines())));
    if (!errors.isEmpty()) {
      errors.sort(FILE_ORDER);
      throw new ConfigException(sourceName, errors);
    }
    return draft.orElseThrow();
  }

  private static ConfigException unreadable(Path file, String reason) {
    return new ConfigException(
        file.toString(), List.of(new ConfigError("", 0, "cannot read configuration file " + file + ": " + reason)));
  }
}
