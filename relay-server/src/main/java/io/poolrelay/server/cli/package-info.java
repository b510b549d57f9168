/** The {@code poolrelay} command line: serve, check-config, route. */
package io.poolrelay.server.cli;
