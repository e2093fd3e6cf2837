package dev.sway.query;

import com.sun.net.httpserver.HttpExchange;
import dev.sway.runtime.HttpEventStream;
import dev.sway.runtime.HttpJsonGateway;
import dev.sway.v1.AccountRef;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * WatchScores as server-sent events on the HTTP port, for the web page's live card: {@code GET
 * /v1/scores:watch?account=x:alice&person=anna} (each repeatable, up to 100 in all) streams {@code
 * event: score} (or {@code not_found}) with the WatchScoresResponse as JSON, first the current
 * state, then one per stored change.
 *
 * <p>It is the gRPC method itself, called through the gateway ({@link HttpEventStream}): the same
 * key and scope (the {@code Authorization} header, or the page's cookie), the same validation and
 * spelling of accounts, the same bounded queue per watcher and cap on watchers; the HTTP port adds
 * its own cap on open streams, so that they never take every connection thread.
 */
final class ScoreEvents {
  static final String PATH = "/v1/scores:watch";

  private final HttpEventStream stream;

  private ScoreEvents(HttpEventStream stream) {
    this.stream = stream;
  }

  /** Serves the route, with at most {@code maxStreams} streams open at once. */
  static void install(HttpJsonGateway gateway, int maxStreams, long firstMessageMs) {
    ScoreEvents events = new ScoreEvents(new HttpEventStream(gateway, maxStreams, firstMessageMs));
    gateway.page(PATH, events::handle);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!ex.getRequestURI().getRawPath().equals(PATH)) {
        plainError(ex, 404, Status.Code.NOT_FOUND, "no method is mapped to " + ex.getRequestURI());
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        plainError(ex, 405, Status.Code.UNIMPLEMENTED, "GET follows scores at " + PATH);
        return;
      }
      WatchScoresRequest.Builder req = WatchScoresRequest.newBuilder();
      String query = ex.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (name.equals("account")) {
          int colon = value.indexOf(':');
          if (colon <= 0) {
            plainError(
                ex,
                400,
                Status.Code.INVALID_ARGUMENT,
                "account: give network:id, e.g. account=x:alice (got '" + value + "')");
            return;
          }
          req.addSubjects(
              Subject.newBuilder()
                  .setAccount(
                      AccountRef.newBuilder()
                          .setNetwork(value.substring(0, colon))
                          .setAccountId(value.substring(colon + 1))));
        } else if (name.equals("person")) {
          req.addSubjects(Subject.newBuilder().setPersonId(value));
        } else if (!name.isEmpty()) {
          plainError(
              ex,
              400,
              Status.Code.INVALID_ARGUMENT,
              "unknown parameter '" + name + "': give account=network:id or person=id");
          return;
        }
      }
      stream.serve(
          ex,
          QueryServiceGrpc.getWatchScoresMethod(),
          req.build(),
          WebCard.authorization(ex),
          ScoreEvents::eventName);
    }
  }

  private static String eventName(WatchScoresResponse m) {
    return switch (m.getChangeCase()) {
      case SCORE -> "score";
      case NOT_FOUND -> "not_found";
      case LEADERBOARD -> "leaderboard";
      case CHANGE_NOT_SET -> "message";
    };
  }

  private static void plainError(HttpExchange ex, int http, Status.Code code, String message)
      throws IOException {
    byte[] body =
        HttpJsonGateway.print(
                com.google.rpc.Status.newBuilder()
                    .setCode(code.value())
                    .setMessage(message)
                    .build())
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(http, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
