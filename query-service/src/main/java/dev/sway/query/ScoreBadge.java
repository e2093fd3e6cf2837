package dev.sway.query;

import com.sun.net.httpserver.HttpExchange;
import dev.sway.runtime.HttpJsonGateway;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An embeddable badge of a score, an SVG image for a README or a profile: {@code GET
 * /v1/badges/accounts/{network}/{account_id}.svg} and {@code GET
 * /v1/badges/persons/{person_id}.svg}.
 *
 * <p>It is a GetScore call made through the gateway ({@link HttpJsonGateway#call}), so it is under
 * the same rules as the score read: the same key (the {@code Authorization} header, or the page's
 * cookie), scope, limits and metrics; a refused key is the same JSON error. A server run with auth
 * off serves badges to anyone, which is what a public README needs.
 *
 * <p>Caches may keep it five minutes, shared caches only when no key was sent (a keyed answer is
 * private to its key), and revalidate it cheaply: the ETag is a digest of the image, so an
 * unchanged score answers {@code 304} with no body.
 */
final class ScoreBadge {
  static final String PREFIX = "/v1/badges/";
  private static final String MAX_AGE = "max-age=300";

  private final HttpJsonGateway gateway;

  private ScoreBadge(HttpJsonGateway gateway) {
    this.gateway = gateway;
  }

  static void install(HttpJsonGateway gateway) {
    gateway.page(PREFIX, new ScoreBadge(gateway)::handle);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Subject subject = subject(ex.getRequestURI().getRawPath().substring(PREFIX.length()));
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        json(ex, 405, Status.Code.UNIMPLEMENTED, "only GET reads a badge");
        return;
      }
      if (subject == null) {
        json(
            ex,
            404,
            Status.Code.NOT_FOUND,
            "a badge is at "
                + PREFIX
                + "accounts/{network}/{account_id}.svg or "
                + PREFIX
                + "persons/{person_id}.svg");
        return;
      }
      String auth = WebCard.authorization(ex);
      String name =
          subject.hasAccount()
              ? subject.getAccount().getNetwork() + ":" + subject.getAccount().getAccountId()
              : subject.getPersonId();
      Score score;
      try {
        score =
            gateway
                .call(
                    QueryServiceGrpc.getGetScoreMethod(),
                    GetScoreRequest.newBuilder().setSubject(subject).build(),
                    auth)
                .getScore();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          ex.getResponseHeaders().set("Cache-Control", "no-store");
          svg(ex, 404, render(name, "no score yet", "#757575"));
          return;
        }
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        String body =
            HttpJsonGateway.print(
                s != null
                    ? s
                    : com.google.rpc.Status.newBuilder()
                        .setCode(e.getStatus().getCode().value())
                        .setMessage(String.valueOf(e.getStatus().getDescription()))
                        .build());
        send(
            ex,
            HttpJsonGateway.httpStatus(e.getStatus().getCode()),
            "application/json; charset=utf-8",
            body.getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] image =
          render(
                  name,
                  String.format(Locale.ROOT, "%.1f", score.getScore()),
                  // Above the 95th percentile's score, from the median up, and below it.
                  score.getScore() >= 63
                      ? "#1b5e20"
                      : score.getScore() >= 40 ? "#0d47a1" : "#616161")
              .getBytes(StandardCharsets.UTF_8);
      String etag = "\"" + digest(image) + "\"";
      ex.getResponseHeaders().set("ETag", etag);
      ex.getResponseHeaders()
          .set("Cache-Control", (auth == null ? "public, " : "private, ") + MAX_AGE);
      ex.getResponseHeaders().set("Vary", "Authorization, Cookie");
      String seen = ex.getRequestHeaders().getFirst("If-None-Match");
      if (seen != null && (seen.contains(etag) || seen.strip().equals("*"))) {
        ex.sendResponseHeaders(304, -1);
        return;
      }
      svg(ex, 200, new String(image, StandardCharsets.UTF_8));
    }
  }

  /** The subject a badge path names, or null when it names none. */
  static Subject subject(String rest) {
    if (!rest.endsWith(".svg")) {
      return null;
    }
    String[] parts = rest.substring(0, rest.length() - 4).split("/", -1);
    if (parts.length == 3 && parts[0].equals("accounts") && !parts[1].isEmpty()) {
      return Subject.newBuilder()
          .setAccount(
              AccountRef.newBuilder()
                  .setNetwork(decode(parts[1]))
                  .setAccountId(decode(parts[2]))
                  .build())
          .build();
    }
    if (parts.length == 2 && parts[0].equals("persons") && !parts[1].isEmpty()) {
      return Subject.newBuilder().setPersonId(decode(parts[1])).build();
    }
    return null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** A two-part badge, "sway" and the value, sized to its text, readable without colour. */
  static String render(String name, String value, String colour) {
    int left = 44;
    int right = 12 + 7 * value.length();
    int width = left + right;
    String title = WebCard.esc(name + ": Sway score " + value);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width
        + "\" height=\"20\" role=\"img\" aria-label=\""
        + title
        + "\"><title>"
        + title
        + "</title><rect width=\""
        + left
        + "\" height=\"20\" fill=\"#37474f\"/><rect x=\""
        + left
        + "\" width=\""
        + right
        + "\" height=\"20\" fill=\""
        + colour
        + "\"/><g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\"8\" y=\"14\">sway</text><text x=\""
        + (left + 6)
        + "\" y=\"14\">"
        + WebCard.esc(value)
        + "</text></g></svg>";
  }

  private static String digest(byte[] b) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(b))
          .substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void json(HttpExchange ex, int http, Status.Code code, String message)
      throws IOException {
    String body =
        HttpJsonGateway.print(
            com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build());
    send(ex, http, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void svg(HttpExchange ex, int status, String image) throws IOException {
    // An image of its own: no script runs in it, whatever a name holds.
    ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
    send(ex, status, "image/svg+xml; charset=utf-8", image.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
