/**
 * Where log lines go: an SLF4J provider that writes one line per event to stdout (journald and Docker
 * collect it), as text or as JSON. Written for the relay because the JUL bridge built a stack trace
 * for every line to find its caller, which cost more CPU than the relay's own work on small messages.
 */
package io.poolrelay.server.log;
