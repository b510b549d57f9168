package io.poolrelay.upstreams.ses;

import io.poolrelay.config.model.SesUpstreamConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Builds the SDK client of one SES upstream: one HTTP connection pool, no SDK retries. */
public final class SesClients {

  static final Duration IDLE_BEFORE_CLOSE = Duration.ofSeconds(20);

  private SesClients() {
  }

  public static SesV2Client create(SesUpstreamConfig config) {
    AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
            config.accessKeyId().get().value(), config.secretAccessKey().orElseThrow().value()))
        : DefaultCredentialsProvider.builder().build();
    var builder = SesV2Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(config.maxConnections())
            .connectionTimeout(config.connectTimeout())
            .socketTimeout(config.commandTimeout())
            // A send waits for a connection no longer than for an answer: the semaphore in front of the
            // client already bounds the calls to max_connections, so this wait is short in practice.
            .connectionAcquisitionTimeout(config.commandTimeout())
            // A pooled connection the far end has already dropped fails only once a request is on it, and
            // such a send is ambiguous (it waits for the retry schedule): so idle connections are closed
            // well before the 60 seconds after which AWS's endpoints may drop them.
            .connectionMaxIdleTime(IDLE_BEFORE_CLOSE))
        // A retried SendEmail may send twice, and a throttled one should go to another member now:
        // the relay's failover and retry schedule decide, never the SDK.
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
