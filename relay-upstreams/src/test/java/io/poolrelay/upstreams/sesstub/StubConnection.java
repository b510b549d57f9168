package io.poolrelay.upstreams.sesstub;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;

/**
 * One connection to the {@link SesStub}: reads requests one after the other (keep-alive), asks the stub
 * how to react to each, and writes the answer or carries out the {@link SocketFault}.
 */
final class StubConnection implements Runnable {

  private final SesStub stub;
  private final int index;
  private final Socket socket;
  private final boolean closeAtConnect;

  StubConnection(SesStub stub, int index, Socket socket, boolean closeAtConnect) {
    this.stub = stub;
    this.index = index;
    this.socket = socket;
    this.closeAtConnect = closeAtConnect;
  }

  /** Called by the stub's close(): closing the socket unblocks any read or write, stalls included. */
  void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed: nothing left to release.
    }
  }

  @Override
  public void run() {
    try {
      if (!closeAtConnect) {
        serve();
      }
    } catch (ProtocolException e) {
      stub.recordUnexpected("connection " + index + ": " + e.getMessage());
    } catch (IOException e) {
      // The client went away or close() closed the socket: both are normal ends for a fault-injecting stub.
    } catch (RuntimeException | Error e) {
      stub.connectionFailed(index, e);
    } finally {
      closeSocket();
      stub.connectionEnded();
    }
  }

  private void serve() throws IOException {
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = new BufferedOutputStream(socket.getOutputStream());
    HttpRequestReader reader = new HttpRequestReader(in, out);
    while (true) {
      HttpRequest request = reader.read();
      if (request == null) {
        return;
      }
      Reaction reaction = stub.react(index, request);
      try {
        if (reaction.fault() == SocketFault.CLOSE_AFTER_REQUEST) {
          return;
        }
        if (reaction.fault() == SocketFault.STALL) {
          in.transferTo(OutputStream.nullOutputStream()); // Until the client gives up or close() closes the socket.
          return;
        }
        boolean keepAlive = request.keepAlive();
        out.write(reaction.response().wireBytes(keepAlive));
        out.flush();
        if (!keepAlive) {
          return;
        }
      } finally {
        stub.requestFinished();
      }
    }
  }
}
