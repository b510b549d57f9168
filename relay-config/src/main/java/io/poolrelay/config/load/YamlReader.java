package io.poolrelay.config.load;

import io.poolrelay.config.validate.ConfigError;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns YAML text into SnakeYAML's node tree. The tree, unlike constructed Java objects, remembers the
 * line of every key and value, which is what makes located error messages possible.
 *
 * <p>Only {@link Yaml#compose} is called: no Java object is ever constructed from the document, so tags
 * such as {@code !!java.io.File} cannot instantiate anything.
 */
final class YamlReader {

  // A relay config is a few hundred lines; these limits only stop hostile or runaway input.
  private static final int MAX_CODE_POINTS = 1_000_000;
  private static final int MAX_ALIASES = 50;
  private static final int MAX_NESTING = 50;

  /** The root node, or empty for an empty document or when {@code errors} received a syntax error. */
  Optional<Node> read(Reader reader, List<ConfigError> errors) {
    try {
      return Optional.ofNullable(newYaml().compose(reader));
    } catch (MarkedYAMLException e) {
      errors.add(new ConfigError("", lineOf(e), "YAML syntax error: " + describe(e)));
    } catch (YAMLException e) {
      String reason =
          e.getCause() instanceof CharacterCodingException ? "the file is not valid UTF-8" : e.getMessage();
      errors.add(new ConfigError("", 0, "cannot read YAML: " + reason));
    }
    return Optional.empty();
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    // compose() does not look at this flag (only construction does), so YamlMap checks duplicates
    // itself; it is set so that nothing else built from these options ever accepts them.
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMergeOnCompose(false);
    options.setTagInspector(tag -> false);
    DumperOptions dumperOptions = new DumperOptions();
    return new Yaml(
        new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options);
  }

  private static int lineOf(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return mark == null ? 0 : mark.getLine() + 1;
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    if (context.isEmpty()) {
      return problem;
    }
    return problem.isEmpty() ? context : problem + " (" + context + ")";
  }
}
