package io.poolrelay.upstreams.sesemulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Where the emulator and node are on this machine: the package {@code bin/install-test-peers} put under
 * {@code <repository root>/var/tools/npm}, and the {@code node} on the PATH. Finding them is its own job
 * because a missing install must fail with a message saying what to run, never skip a test silently.
 *
 * @param node   the node executable
 * @param script the package's command-line entry, as its {@code package.json} names it under {@code bin}
 */
record EmulatorInstall(Path node, Path script) {

  static final String PACKAGE = "aws-ses-v2-local";
  static final String VERSION = "2.10.2";
  private static final String INSTALLER = "bin/install-test-peers";

  /** Looks from the working directory up (Maven runs tests in the module directory). */
  static EmulatorInstall locate() {
    return locate(Path.of("").toAbsolutePath(), System.getenv("PATH"));
  }

  /**
   * @throws IllegalStateException naming what is missing and that {@code bin/install-test-peers} installs it
   */
  static EmulatorInstall locate(Path start, String searchPath) {
    // Node first: without it the package is of no use, whether or not it is installed.
    Path node = node(searchPath);
    Path root = repositoryRoot(start);
    Path packageDir = root.resolve("var/tools/npm/node_modules").resolve(PACKAGE);
    Path packageJson = packageDir.resolve("package.json");
    if (!Files.isRegularFile(packageJson)) {
      throw missing("the npm package " + PACKAGE + " is not installed (no " + packageJson + ")");
    }
    JsonNode manifest;
    try {
      manifest = JsonNode.parser().parse(Files.readAllBytes(packageJson));
    } catch (IOException e) {
      throw new UncheckedIOException("sesemulator: failed to read " + packageJson, e);
    }
    String version = manifest.field("version").map(JsonNode::asString).orElse("unknown");
    if (!version.equals(VERSION)) {
      throw missing(PACKAGE + " " + version + " is installed but the tests are written for " + VERSION);
    }
    Path script = packageDir.resolve(binEntry(manifest, packageJson));
    if (!Files.isRegularFile(script)) {
      throw missing(PACKAGE + "'s command-line entry " + script + " is missing");
    }
    return new EmulatorInstall(node, script);
  }

  private static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(INSTALLER))) {
        return dir;
      }
    }
    throw new IllegalStateException("sesemulator: no " + INSTALLER + " in " + start
        + " or above it: cannot find the repository root (run the tests from inside the repository)");
  }

  /** {@code "bin": "x.js"} or {@code "bin": {"aws-ses-v2-local": "x.js"}}. */
  private static String binEntry(JsonNode manifest, Path packageJson) {
    JsonNode bin = manifest.field("bin")
        .orElseThrow(() -> missing(packageJson + " names no bin entry"));
    if (bin.isString()) {
      return bin.asString();
    }
    Map<String, JsonNode> entries = bin.isObject() ? bin.asObject() : Map.of();
    JsonNode entry = entries.get(PACKAGE);
    if (entry == null || !entry.isString()) {
      throw missing(packageJson + " has no bin entry named " + PACKAGE);
    }
    return entry.asString();
  }

  private static Path node(String searchPath) {
    if (searchPath != null) {
      for (String dir : searchPath.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, "node");
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    throw missing("node is not installed (no executable 'node' on the PATH)");
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException("sesemulator: " + what + ": run bin/install-test-peers");
  }
}
