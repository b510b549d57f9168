/** The {@code file} upstream: writes each message into a directory, the relay's out-of-the-box destination. */
package io.poolrelay.upstreams.file;
