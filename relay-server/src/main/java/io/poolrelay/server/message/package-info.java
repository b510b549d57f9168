/**
 * The bytes of a message on the way in: reading DATA strictly (dot-unstuffing, size, bare CR/LF),
 * finding the header section, taking out hint headers, and composing the trace header.
 */
package io.poolrelay.server.message;
