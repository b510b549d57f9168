package io.poolrelay.server.admin;

/**
 * {@code GET /}: the status page as HTML ({@link StatusPage}), behind the bearer token like the rest of
 * the API. Like every admin response it carries {@code Cache-Control: no-store} (set by
 * {@link AdminHandler}); it also forbids any script, frame or outside resource, so text quoted from a
 * remote server can do nothing even if escaping were ever missed.
 */
final class StatusEndpoint {

  /** Inline styles only; the page needs nothing else. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final AdminApi api;

  StatusEndpoint(AdminApi api) {
    this.api = api;
  }

  AdminResponse get() {
    return AdminResponse.html(StatusPage.render(StatusPage.Snapshot.of(api)))
        .withHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Referrer-Policy", "no-referrer");
  }
}
