package io.poolrelay.upstreams.sesstub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The SES account that GetAccount describes, settable by the test: the {@link SesStub} answers it, and
 * the {@code aws-ses-v2-local} emulator gets it through {@code AWS_SES_ACCOUNT}. Immutable, with withers.
 *
 * <p>{@link #toJson()} writes SES v2's whole GetAccount shape, the part the relay reads
 * ({@code SendQuota}, {@code ProductionAccessEnabled}, {@code SendingEnabled}, {@code EnforcementStatus})
 * and the rest real SES also returns ({@code DedicatedIpAutoWarmupEnabled}, {@code Details},
 * {@code SuppressionAttributes}), because the emulator refuses an account without every field.
 *
 * @param max24HourSend           the 24-hour quota in recipients; {@code -1} means unlimited
 * @param maxSendRate             recipients per second
 * @param sentLast24Hours         recipients sent in the last 24 hours
 * @param productionAccessEnabled false in the sandbox (200 a day, 1 a second, verified recipients only)
 * @param enforcementStatus       {@code HEALTHY}, {@code PROBATION} or {@code SHUTDOWN} (kept as a string, as
 *                                the SDK does for values it does not know)
 * @param suppressedReasons       {@code BOUNCE} and/or {@code COMPLAINT}
 */
public record StubAccount(
    double max24HourSend,
    double maxSendRate,
    double sentLast24Hours,
    boolean productionAccessEnabled,
    boolean sendingEnabled,
    String enforcementStatus,
    boolean dedicatedIpAutoWarmupEnabled,
    List<String> suppressedReasons) {

  public StubAccount {
    Objects.requireNonNull(enforcementStatus, "enforcementStatus");
    suppressedReasons = List.copyOf(suppressedReasons);
  }

  /** A healthy production account: 50,000 a day, 14 a second, nothing sent yet. */
  public static StubAccount production() {
    return new StubAccount(50_000, 14, 0, true, true, "HEALTHY", false, List.of("BOUNCE", "COMPLAINT"));
  }

  /** A new account in the sandbox: 200 a day, 1 a second, nothing sent yet. */
  public static StubAccount sandbox() {
    return new StubAccount(200, 1, 0, false, true, "HEALTHY", false, List.of());
  }

  public StubAccount withMax24HourSend(double value) {
    return new StubAccount(value, maxSendRate, sentLast24Hours, productionAccessEnabled, sendingEnabled,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withMaxSendRate(double value) {
    return new StubAccount(max24HourSend, value, sentLast24Hours, productionAccessEnabled, sendingEnabled,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withSentLast24Hours(double value) {
    return new StubAccount(max24HourSend, maxSendRate, value, productionAccessEnabled, sendingEnabled,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withProductionAccessEnabled(boolean value) {
    return new StubAccount(max24HourSend, maxSendRate, sentLast24Hours, value, sendingEnabled,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withSendingEnabled(boolean value) {
    return new StubAccount(max24HourSend, maxSendRate, sentLast24Hours, productionAccessEnabled, value,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withEnforcementStatus(String value) {
    return new StubAccount(max24HourSend, maxSendRate, sentLast24Hours, productionAccessEnabled, sendingEnabled,
        value, dedicatedIpAutoWarmupEnabled, suppressedReasons);
  }

  public StubAccount withSuppressedReasons(List<String> value) {
    return new StubAccount(max24HourSend, maxSendRate, sentLast24Hours, productionAccessEnabled, sendingEnabled,
        enforcementStatus, dedicatedIpAutoWarmupEnabled, value);
  }

  /** This account with {@code recipients} more counted into {@link #sentLast24Hours()}. */
  public StubAccount plusSent(int recipients) {
    return withSentLast24Hours(sentLast24Hours + recipients);
  }

  /** The GetAccount response body, in SES v2's shape (the {@code Details} are fixed, plausible values). */
  public String toJson() {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject();
    json.writeFieldName("DedicatedIpAutoWarmupEnabled").writeValue(dedicatedIpAutoWarmupEnabled);
    json.writeFieldName("Details").writeStartObject();
    json.writeFieldName("AdditionalContactEmailAddresses").writeStartArray().writeEndArray();
    json.writeFieldName("ContactLanguage").writeValue("EN");
    json.writeFieldName("MailType").writeValue("TRANSACTIONAL");
    json.writeFieldName("ReviewDetails").writeStartObject();
    json.writeFieldName("CaseId").writeValue("stub-case-1");
    json.writeFieldName("Status").writeValue(productionAccessEnabled ? "GRANTED" : "PENDING");
    json.writeEndObject();
    json.writeFieldName("UseCaseDescription").writeValue("Transactional mail relayed by Pool Relay (test account).");
    json.writeFieldName("WebsiteURL").writeValue("https://poolrelay.test");
    json.writeEndObject();
    json.writeFieldName("EnforcementStatus").writeValue(enforcementStatus);
    json.writeFieldName("ProductionAccessEnabled").writeValue(productionAccessEnabled);
    json.writeFieldName("SendingEnabled").writeValue(sendingEnabled);
    json.writeFieldName("SendQuota").writeStartObject();
    json.writeFieldName("Max24HourSend").writeValue(max24HourSend);
    json.writeFieldName("MaxSendRate").writeValue(maxSendRate);
    json.writeFieldName("SentLast24Hours").writeValue(sentLast24Hours);
    json.writeEndObject();
    json.writeFieldName("SuppressionAttributes").writeStartObject();
    json.writeFieldName("SuppressedReasons").writeStartArray();
    suppressedReasons.forEach(json::writeValue);
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
    return new String(json.getBytes(), StandardCharsets.UTF_8);
  }
}
