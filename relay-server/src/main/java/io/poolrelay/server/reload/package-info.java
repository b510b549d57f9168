/**
 * Reloading the configuration while the relay runs: the active configuration as one record that a valid
 * file replaces atomically, keeping the upstreams (and their counts) that did not change.
 */
package io.poolrelay.server.reload;
