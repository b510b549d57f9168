/**
 * The {@code poolrelay} command line: serve, check-config, route; and upstreams, pause, resume, which
 * talk to a running relay through its admin API.
 */
package io.poolrelay.server.cli;
