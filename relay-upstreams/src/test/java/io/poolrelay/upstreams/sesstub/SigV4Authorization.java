package io.poolrelay.upstreams.sesstub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an AWS Signature Version 4 {@code Authorization} header, so a test can check that a request
 * was signed, for which region and service, and with which key id. The stub does not verify signatures:
 * it has no secret to verify them with, and the SDK's signer is not what is under test.
 *
 * <pre>{@code AWS4-HMAC-SHA256 Credential=AKID/20261203/us-east-1/ses/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab12...}</pre>
 *
 * @param date the credential scope's date, {@code yyyyMMdd}
 */
public record SigV4Authorization(
    String algorithm,
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature) {

  public SigV4Authorization {
    signedHeaders = List.copyOf(signedHeaders);
  }

  /** The header parsed, or empty when it is not a complete SigV4 {@code Authorization} value. */
  public static Optional<SigV4Authorization> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.startsWith("AWS4-")) {
      return Optional.empty();
    }
    Map<String, String> parts = new HashMap<>();
    for (String part : trimmed.substring(space + 1).split(",")) {
      int equals = part.indexOf('=');
      if (equals > 0) {
        parts.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
      }
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      return Optional.empty();
    }
    // Credential=<key id>/<date>/<region>/<service>/aws4_request
    String[] scope = credential.split("/");
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      return Optional.empty();
    }
    return Optional.of(new SigV4Authorization(trimmed.substring(0, space), scope[0], scope[1], scope[2], scope[3],
        List.of(signedHeaders.split(";")), signature));
  }
}
