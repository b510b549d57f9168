package io.poolrelay.upstreams.sesstub;

/** What a connection does with one request the stub has decided on: write a response, or act on the socket. */
record Reaction(HttpResponse response, SocketFault fault) {

  Reaction {
    if ((response == null) == (fault == null)) {
      throw new IllegalArgumentException("a reaction is either a response or a fault");
    }
  }

  static Reaction respond(HttpResponse response) {
    return new Reaction(response, null);
  }

  static Reaction fault(SocketFault fault) {
    return new Reaction(null, fault);
  }

  /** The HTTP status answered, or 0 when the fault means no answer. */
  int status() {
    return response == null ? 0 : response.status();
  }
}
