/**
 * The composition root: {@link io.poolrelay.server.lifecycle.Relay} turns a configuration into running
 * services, owns every thread and executor, and stops them in reverse order.
 */
package io.poolrelay.server.lifecycle;
