package io.poolrelay.server.admin;

import java.util.Optional;

/**
 * One request as the endpoints see it, free of Netty types.
 *
 * @param uri the request target as received (path and query)
 * @param authorization the {@code Authorization} header, if any
 * @param remote who sent it, for the log
 */
record AdminRequest(String method, String uri, Optional<String> authorization, String remote) {
}
