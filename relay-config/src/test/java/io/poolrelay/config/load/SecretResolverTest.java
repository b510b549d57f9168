package io.poolrelay.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

  private final SecretResolver resolver = new SecretResolver(Map.of("PASSWORD", "s3cret", "USER", "relay"));

  @Test
  void textWithoutReferencesIsUnchanged() {
    SecretResolver.Resolution resolution = resolver.resolve("plain text");

    assertEquals("plain text", resolution.value());
    assertTrue(resolution.problems().isEmpty());
  }

  @Test
  void envReferenceIsReplacedByTheVariable() {
    SecretResolver.Resolution resolution = resolver.resolve("${env:PASSWORD}");

    assertEquals("s3cret", resolution.value());
    assertTrue(resolution.problems().isEmpty());
  }

  @Test
  void referencesCanBeEmbeddedInLongerText() {
    assertEquals("relay:s3cret@host", resolver.resolve("${env:USER}:${env:PASSWORD}@host").value());
  }

  @Test
  void missingVariableIsAProblemNamingItWithoutAnyValue() {
    SecretResolver.Resolution resolution = resolver.resolve("${env:MISSING}");

    assertEquals(List.of("environment variable 'MISSING' is not set"), resolution.problems());
  }

  @Test
  void fileReferenceIsReplacedByTheContentWithoutTheTrailingNewline(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("secret");
    Files.writeString(file, "from-file\n");

    SecretResolver.Resolution resolution = resolver.resolve("${file:" + file + "}");

    assertEquals("from-file", resolution.value());
    assertTrue(resolution.problems().isEmpty());
  }

  @Test
  void onlyOneTrailingNewlineIsRemoved(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("secret");
    Files.writeString(file, "line\n\n");

    assertEquals("line\n", resolver.resolve("${file:" + file + "}").value());
  }

  @Test
  void unreadableFileIsAProblemNamingThePath(@TempDir Path directory) {
    Path file = directory.resolve("absent");

    SecretResolver.Resolution resolution = resolver.resolve("${file:" + file + "}");

    assertEquals(List.of("cannot read secret file '" + file + "': no such file"), resolution.problems());
  }

  @Test
  void directoryIsAnUnreadableFile(@TempDir Path directory) {
    SecretResolver.Resolution resolution = resolver.resolve("${file:" + directory + "}");

    assertEquals(1, resolution.problems().size());
    assertTrue(resolution.problems().get(0).startsWith("cannot read secret file"), resolution.problems().get(0));
  }

  @Test
  void unknownReferenceKindIsAProblem() {
    assertEquals(
        List.of("unknown reference kind 'vault': use ${env:NAME} or ${file:/path}"),
        resolver.resolve("${vault:x}").problems());
  }

  @Test
  void unclosedReferenceIsAProblem() {
    assertEquals(1, resolver.resolve("abc ${env:PASSWORD").problems().size());
  }

  @Test
  void doubledDollarIsALiteral() {
    SecretResolver.Resolution resolution = resolver.resolve("pa$${env:PASSWORD}");

    assertEquals("pa${env:PASSWORD}", resolution.value());
    assertTrue(resolution.problems().isEmpty());
  }

  @Test
  void everyProblemInOneStringIsReported() {
    assertEquals(2, resolver.resolve("${env:A}${env:B}").problems().size());
  }
}
