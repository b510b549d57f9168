package io.poolrelay.config.model;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon SES account in one region, reached through the SES v2 API ({@code SendEmail} with raw
 * content, {@code GetAccount} for the quota and as the health check).
 *
 * @param region           the AWS region, such as {@code us-east-1}
 * @param accessKeyId      with {@code secretAccessKey}, static credentials; both empty for the SDK's
 *                         default chain (environment, profile, web identity, instance role)
 * @param secretAccessKey  see {@code accessKeyId}
 * @param endpoint         overrides the region's endpoint (a VPC endpoint, a test server)
 * @param configurationSet the SES configuration set every message names, if any
 * @param tags             fixed email tags added to every message's hint tags, in the file's order
 * @param useAccountQuota  the account's quota ({@code Max24HourSend}, {@code MaxSendRate}) clamps the
 *                         configured limits, and what the account sent elsewhere counts as sent
 * @param maxConnections   API calls under way at once
 * @param connectTimeout   opening the HTTPS connection
 * @param commandTimeout   waiting for the answer to a call once it is sent
 */
public record SesUpstreamConfig(
    String name,
    boolean enabled,
    String region,
    Optional<Secret> accessKeyId,
    Optional<Secret> secretAccessKey,
    Optional<URI> endpoint,
    Optional<String> configurationSet,
    Map<String, String> tags,
    boolean useAccountQuota,
    int maxConnections,
    Duration connectTimeout,
    Duration commandTimeout,
    HealthConfig health,
    LimitsConfig limits,
    Optional<WarmupConfig> warmup,
    GuardConfig guard,
    SenderRewrite rewrite)
    implements UpstreamConfig {

  public SesUpstreamConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(configurationSet, "configurationSet");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  @Override
  public String type() {
    return "ses";
  }
}
