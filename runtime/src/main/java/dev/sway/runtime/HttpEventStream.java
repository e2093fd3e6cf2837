package dev.sway.runtime;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A server-streaming method as server-sent events ({@code text/event-stream}) on the HTTP port, so
 * that a browser can follow what gRPC clients follow. The call goes through the gateway's
 * in-process channel ({@link HttpJsonGateway#stream}): the same key check, validation, limits and
 * metrics as a gRPC call, and the method's own machinery (for WatchScores: its per-watcher queue
 * and its cap on watchers) does the work.
 *
 * <p>Memory per client is bounded: messages are asked for one at a time, only once the previous one
 * is written, so a client that reads slowly leaves them in the method's own bounded queue (which
 * closes the call when it overflows) rather than here. A stream holds one of the HTTP port's
 * connection threads for its life, so at most {@code maxStreams} are open at once: the page's other
 * requests always find a thread. A comment line every {@link #HEARTBEAT_MS} keeps proxies from
 * closing an idle stream and shows a vanished client; a write that stays blocked past the port's
 * answer bound (a client that stopped reading) ends the connection.
 *
 * <p>Until the first message, an error is an ordinary JSON answer under its HTTP status (401, 400,
 * 429...); afterwards it is a last {@code event: error} whose data is the {@code
 * google.rpc.Status}.
 */
public final class HttpEventStream {
  static final long HEARTBEAT_MS = 15_000;

  private final HttpJsonGateway gateway;
  private final Semaphore streams;
  private final int maxStreams;
  private final long firstMessageMs;
  private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

  /**
   * @param maxStreams streams open at once on this port; beyond it 429
   * @param firstMessageMs how long to wait for the first message (the current state) before 504
   */
  public HttpEventStream(HttpJsonGateway gateway, int maxStreams, long firstMessageMs) {
    this.gateway = gateway;
    this.maxStreams = maxStreams;
    this.streams = new Semaphore(maxStreams);
    this.firstMessageMs = firstMessageMs;
  }

  /** How a call ended: its status with the trailers' details. */
  private record End(Status status, Metadata trailers) {}

  /**
   * Answers {@code ex} with the messages of {@code method} called with {@code request} as events
   * named by {@code eventName}, until the call ends or the client leaves.
   */
  public <Q extends Message, R extends Message> void serve(
      HttpExchange ex,
      MethodDescriptor<Q, R> method,
      Q request,
      String authorization,
      Function<R, String> eventName)
      throws IOException {
    if (!streams.tryAcquire()) {
      HttpJsonGateway.error(
          ex,
          429,
          Status.Code.RESOURCE_EXHAUSTED.value(),
          "too many event streams on this server (" + maxStreams + "); retry later");
      return;
    }
    // One message asked for at a time and one end: never more than two waiting here.
    BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(2);
    ClientCall<Q, R> call = null;
    boolean ended = false;
    try {
      call =
          gateway.stream(
              method,
              request,
              authorization,
              new ClientCall.Listener<R>() {
                @Override
                public void onMessage(R message) {
                  inbox.add(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  inbox.add(new End(status, trailers));
                }
              });
      call.request(1);
      Object first = inbox.poll(firstMessageMs, TimeUnit.MILLISECONDS);
      if (first == null) {
        HttpJsonGateway.error(
            ex,
            504,
            Status.Code.DEADLINE_EXCEEDED.value(),
            "no answer in " + firstMessageMs + " ms");
        return;
      }
      if (first instanceof End end) {
        ended = true;
        HttpJsonGateway.error(ex, HttpJsonGateway.httpStatus(end.status().getCode()), status(end));
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Accel-Buffering", "no");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      Object next = first;
      while (true) {
        if (next == null) {
          write(ex, out, ": still here\n\n");
        } else if (next instanceof End end) {
          ended = true;
          write(
              ex,
              out,
              "event: error\ndata: " + oneLine(HttpJsonGateway.print(status(end))) + "\n\n");
          return;
        } else {
          @SuppressWarnings("unchecked")
          R message = (R) next;
          write(
              ex,
              out,
              "event: "
                  + eventName.apply(message)
                  + "\ndata: "
                  + oneLine(printer.print(message))
                  + "\n\n");
          call.request(1);
        }
        next = inbox.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (call != null && !ended) {
        call.cancel("the HTTP client left", null);
      }
      streams.release();
    }
  }

  /** One event, sent at once; a write that returns gives the answer a new time bound. */
  private static void write(HttpExchange ex, OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    if (ex instanceof HttpExchangeImpl front) {
      front.answering();
    }
  }

  /** An event's data is one line: JSON's own line breaks are only whitespace. */
  private static String oneLine(String json) {
    return json.replace("\r", "").replace("\n", " ");
  }

  private static com.google.rpc.Status status(End end) {
    com.google.rpc.Status s = StatusProto.fromStatusAndTrailers(end.status(), end.trailers());
    return s != null
        ? s
        : com.google.rpc.Status.newBuilder()
            .setCode(end.status().getCode().value())
            .setMessage(String.valueOf(end.status().getDescription()))
            .build();
  }
}
