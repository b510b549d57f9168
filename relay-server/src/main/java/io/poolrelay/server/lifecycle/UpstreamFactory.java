package io.poolrelay.server.lifecycle;

import io.poolrelay.config.model.FileUpstreamConfig;
import io.poolrelay.config.model.SmtpUpstreamConfig;
import io.poolrelay.config.model.UpstreamConfig;
import io.poolrelay.upstreams.Upstream;
import io.poolrelay.upstreams.file.FileUpstream;
import io.poolrelay.upstreams.smtp.SmtpUpstream;
import io.poolrelay.upstreams.time.Ticker;

/** Builds the client for each configured upstream type. */
final class UpstreamFactory {

  private final Ticker ticker;

  UpstreamFactory(Ticker ticker) {
    this.ticker = ticker;
  }

  Upstream create(UpstreamConfig config) {
    return switch (config) {
      case SmtpUpstreamConfig smtp -> new SmtpUpstream(smtp, ticker);
      case FileUpstreamConfig file -> new FileUpstream(file);
    };
  }
}
