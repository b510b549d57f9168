/**
 * Chooses a message's pool: routes in order, first match wins, else the default pool. Pure: no I/O,
 * no state, so a decision can be explained without sending ({@code poolrelay route}).
 */
package io.poolrelay.server.routing;
