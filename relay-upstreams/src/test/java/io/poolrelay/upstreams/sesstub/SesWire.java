package io.poolrelay.upstreams.sesstub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * SES v2's wire format (AWS rest-json) on the stub's side: reads a SendEmail body and writes the answers
 * the SDK parses. JSON goes through the SDK's own {@code jsoncore} reader and writer (already on the class
 * path, and exactly what the client itself uses), so there is no second JSON dialect to disagree with it.
 */
final class SesWire {

  static final String SEND_EMAIL = "/v2/email/outbound-emails";
  static final String GET_ACCOUNT = "/v2/email/account";

  /**
   * What AWS's front end appends to the type in {@code x-amzn-ErrorType}; the SDK keeps only the part
   * before the first {@code :}.
   */
  static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.coral.service/";

  private SesWire() {}

  /** The fields of a SendEmail request body the relay sends, Raw content decoded to its exact bytes. */
  record SendEmailBody(
      Optional<String> from,
      List<String> to,
      List<String> cc,
      List<String> bcc,
      byte[] raw,
      SequencedMap<String, String> tags,
      Optional<String> configurationSetName,
      Optional<String> feedbackForwardingEmailAddress) {

    int recipientCount() {
      return to.size() + cc.size() + bcc.size();
    }
  }

  /** @throws IllegalArgumentException when the body is not a SendEmail request with Raw content */
  static SendEmailBody parseSendEmail(byte[] body) {
    JsonNode root;
    try {
      root = JsonNode.parser().parse(body);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("SendEmail body is not JSON: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("SendEmail body is not a JSON object");
    }
    String data = root.field("Content").flatMap(c -> c.field("Raw")).flatMap(r -> r.field("Data"))
        .filter(JsonNode::isString).map(JsonNode::asString)
        .orElseThrow(() -> new IllegalArgumentException("SendEmail without Content.Raw.Data (the stub takes raw content only)"));
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Content.Raw.Data is not base64: " + e.getMessage(), e);
    }
    Optional<JsonNode> destination = root.field("Destination");
    SequencedMap<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : array(root.field("EmailTags"))) {
      tags.put(string(tag.field("Name")).orElse(""), string(tag.field("Value")).orElse(""));
    }
    return new SendEmailBody(
        string(root.field("FromEmailAddress")),
        strings(destination.flatMap(d -> d.field("ToAddresses"))),
        strings(destination.flatMap(d -> d.field("CcAddresses"))),
        strings(destination.flatMap(d -> d.field("BccAddresses"))),
        raw,
        tags,
        string(root.field("ConfigurationSetName")),
        string(root.field("FeedbackForwardingEmailAddress")));
  }

  static HttpResponse sendEmailSuccess(String messageId, String requestId) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("MessageId").writeValue(messageId).writeEndObject();
    return json(200, json.getBytes(), requestId);
  }

  static HttpResponse accountSuccess(StubAccount account, String requestId) {
    return json(200, account.toJson().getBytes(StandardCharsets.UTF_8), requestId);
  }

  /**
   * An error as real SES v2 answers it: the status, {@code x-amzn-ErrorType} with the coral suffix, and
   * {@code {"message":"..."}}. The body carries no {@code __type}: the header alone must decide, as it does
   * for the SDK.
   */
  static HttpResponse error(SesAnswer.AwsError error, String requestId) {
    JsonWriter json = JsonWriter.create();
    json.writeStartObject().writeFieldName("message").writeValue(error.message()).writeEndObject();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amzn-RequestId", requestId);
    headers.put("x-amzn-ErrorType", error.type() + ERROR_TYPE_SUFFIX);
    headers.put("Content-Type", "application/json");
    return new HttpResponse(error.status(), headers, json.getBytes());
  }

  static HttpResponse plain(SesAnswer.PlainHttp plain) {
    return new HttpResponse(plain.status(), Map.of("Content-Type", plain.contentType()),
        plain.body().getBytes(StandardCharsets.UTF_8));
  }

  /** What AWS answers for a path no operation has: 404 {@code UnknownOperationException}. */
  static HttpResponse unknownOperation(String requestId) {
    return error(new SesAnswer.AwsError(404, "UnknownOperationException", "Unknown operation"), requestId);
  }

  private static HttpResponse json(int status, byte[] body, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amzn-RequestId", requestId);
    headers.put("Content-Type", "application/json");
    return new HttpResponse(status, headers, body);
  }

  private static Optional<String> string(Optional<JsonNode> node) {
    return node.filter(JsonNode::isString).map(JsonNode::asString);
  }

  private static List<JsonNode> array(Optional<JsonNode> node) {
    return node.filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
  }

  private static List<String> strings(Optional<JsonNode> node) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array(node)) {
      if (!value.isString()) {
        throw new IllegalArgumentException("expected an array of strings, found " + value);
      }
      values.add(value.asString());
    }
    return values;
  }
}
