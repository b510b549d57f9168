package io.poolrelay.upstreams.sesstub;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request the {@link SesStub} read in full, whatever the operation and the answer; for tests that
 * count calls (a retry that should or should not happen) or look at a GetAccount call's headers.
 *
 * @param connectionIndex which connection carried it, 0-based in accept order (reuse shows as repeats)
 * @param method          {@code GET}, {@code POST}, ...
 * @param target          the request target as sent, such as {@code /v2/email/outbound-emails}
 * @param headers         names in lower case, in the order sent; repeated headers keep every value
 * @param status          the HTTP status answered, or 0 when a {@link SocketFault} meant no answer
 */
public record RecordedRequest(
    int connectionIndex, String method, String target, Map<String, List<String>> headers, int status) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    headers = HttpHeaders.copyOf(headers);
  }

  @Override
  public String toString() {
    return method + " " + target + " -> " + (status == 0 ? "no answer" : status) + " (connection " + connectionIndex + ")";
  }
}
