package io.poolrelay.server.message;

/** One header field's place in a message: [start, end) spans the whole field, continuation lines included. */
record HeaderField(String name, int start, int end, int valueStart) {}
