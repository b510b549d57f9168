package io.poolrelay.config.load;

import io.poolrelay.config.model.FromRewrite;
import io.poolrelay.config.model.SenderRewrite;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds {@code envelope_from} and {@code from_rewrite:}, which any upstream may have: the sender a
 * provider has verified, used instead of the application's.
 */
final class RewriteBinder {

  static final List<String> KEYS = List.of("envelope_from", "from_rewrite");
  static final List<String> FROM_REWRITE_KEYS = List.of("from", "keep_original_in_reply_to");
  static final boolean DEFAULT_KEEP_ORIGINAL_IN_REPLY_TO = true;

  /** A bare address: a local part and a domain, nothing a header or an SMTP command could split on. */
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@\",;:()\\[\\]]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

  SenderRewrite rewrite(YamlMap upstream) {
    Optional<String> envelopeFrom = upstream.get("envelope_from").flatMap(RewriteBinder::address);
    Optional<FromRewrite> fromRewrite = upstream.get("from_rewrite").flatMap(YamlValue::asMap).flatMap(map -> {
      map.allowOnly(FROM_REWRITE_KEYS);
      Optional<String> from = map.require("from").flatMap(RewriteBinder::address);
      boolean keep = map.get("keep_original_in_reply_to").flatMap(YamlValue::asBoolean)
          .orElse(DEFAULT_KEEP_ORIGINAL_IN_REPLY_TO);
      return from.map(address -> new FromRewrite(address, keep));
    });
    return new SenderRewrite(envelopeFrom, fromRewrite);
  }

  static Optional<String> address(YamlValue value) {
    Optional<String> text = value.asNonEmptyString();
    if (text.isPresent() && !ADDRESS.matcher(text.get()).matches()) {
      value.error(value.quoted() + " is not an email address such as bounces@mail.example.com");
      return Optional.empty();
    }
    return text;
  }
}
