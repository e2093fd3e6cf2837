package dev.sway.query;

import com.sun.net.httpserver.HttpExchange;
import dev.sway.runtime.HttpJsonGateway;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.NetworkScore;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import dev.sway.v1.TopicScore;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The score card rendered on the server, for a browser without JavaScript: {@code GET
 * /card?network=x&account=alice} is plain HTML made from GetScore and ExplainScore. The page's
 * forms point here and at {@code POST /session}, which keeps the API key typed in the page's key
 * form in a cookie (HttpOnly, SameSite=Strict), sent back only to this server; with JavaScript the
 * page reads the API directly and never uses either.
 */
final class WebCard {
  private static final String COOKIE = "sway_key";

  private final HttpJsonGateway gateway;

  private WebCard(HttpJsonGateway gateway) {
    this.gateway = gateway;
  }

  static void install(HttpJsonGateway gateway) {
    WebCard card = new WebCard(gateway);
    gateway.page("/card", card::card).page("/session", card::session);
  }

  private void session(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        html(ex, 405, "Not allowed", "<p>Send the key with the page's form.</p>");
        return;
      }
      if (!SameOrigin.of(ex)) {
        // Login CSRF: another site's form must not plant its own key in this browser.
        html(ex, 403, "Not from this page", "<p>Send the key with this server's own form.</p>");
        return;
      }
      String key =
          form(new String(ex.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8)).get("key");
      if (key == null || !key.matches("[A-Za-z0-9_-]{1,200}")) {
        html(ex, 400, "Not a key", "<p>That is not an API key. <a href=\"/\">Back</a></p>");
        return;
      }
      Status refused = gateway.refusal("Bearer " + key, QueryServiceGrpc.getGetScoreMethod());
      if (refused != null) {
        // Checked before it is kept: a cookie holds only a key this server accepts.
        html(
            ex,
            401,
            "Key refused",
            "<p>This server does not accept that key. <a href=\"/\">Back</a></p>");
        return;
      }
      // The browser's Origin names the scheme the page was loaded over: behind a proxy that ends
      // TLS the request itself is plain HTTP, yet the cookie must travel over HTTPS only.
      String origin = ex.getRequestHeaders().getFirst("Origin");
      boolean https = origin != null && origin.startsWith("https://");
      ex.getResponseHeaders()
          .add(
              "Set-Cookie",
              COOKIE
                  + "="
                  + key
                  + "; Path=/; HttpOnly; SameSite=Strict"
                  + (https ? "; Secure" : ""));
      ex.getResponseHeaders().set("Location", "/");
      ex.sendResponseHeaders(303, -1);
    }
  }

  private void card(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> q = form(ex.getRequestURI().getRawQuery());
      String network = q.getOrDefault("network", "").trim();
      String account = q.getOrDefault("account", "").trim();
      if (network.isEmpty() && account.indexOf(':') > 0) {
        // The page's one search box: network:id.
        network = account.substring(0, account.indexOf(':'));
        account = account.substring(account.indexOf(':') + 1);
      }
      if (network.isEmpty() || account.isEmpty()) {
        html(
            ex,
            400,
            "Which account?",
            "<p>Give a network and an account. <a href=\"/\">Back</a></p>");
        return;
      }
      String key = cookie(ex.getRequestHeaders().getFirst("Cookie"));
      String auth = key == null ? null : "Bearer " + key;
      AccountRef ref = AccountRef.newBuilder().setNetwork(network).setAccountId(account).build();
      String name = esc(network + ":" + account);
      try {
        Score s =
            gateway
                .call(
                    QueryServiceGrpc.getGetScoreMethod(),
                    GetScoreRequest.newBuilder().setAccount(ref).build(),
                    auth)
                .getScore();
        List<String> why =
            gateway
                .call(
                    QueryServiceGrpc.getExplainScoreMethod(),
                    ExplainScoreRequest.newBuilder().setAccount(ref).build(),
                    auth)
                .getSummaryList();
        html(ex, 200, network + ":" + account, render(name, s, why));
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String text =
            switch (code) {
              case NOT_FOUND ->
                  "No score for " + name + " yet: Sway has not seen it receive any engagement.";
              case UNAUTHENTICATED, PERMISSION_DENIED ->
                  "The API key was refused or is missing: give one in the page's key form.";
              default ->
                  "Could not read the score: "
                      + esc(String.valueOf(e.getStatus().getDescription()));
            };
        html(
            ex,
            HttpJsonGateway.httpStatus(code),
            name,
            "<p role=\"alert\">" + text + "</p><p><a href=\"/\">Back</a></p>");
      }
    }
  }

  private static String render(String name, Score s, List<String> why) {
    StringBuilder b = new StringBuilder();
    b.append("<section aria-labelledby=\"card-title\" id=\"card\"><h2 id=\"card-title\">")
        .append(name)
        .append("</h2><p class=\"big\"><span id=\"card-score\">")
        .append(num(s.getScore()))
        .append("</span><span class=\"unit\"> / 100</span></p><p>Higher than ")
        .append(num(s.getPercentile()))
        .append(" % of scored accounts.</p><table><caption>What the score is made of (each 0-100)")
        .append("</caption><thead><tr><th scope=\"col\">component</th><th scope=\"col\">value</th>")
        .append("</tr></thead><tbody>");
    row(b, "reach", s.getComponents().getReach());
    row(b, "amplification", s.getComponents().getAmplification());
    row(b, "authority", s.getComponents().getAuthority());
    row(b, "activity", s.getComponents().getActivity());
    b.append("</tbody></table><ul aria-label=\"per network\">");
    for (NetworkScore n : s.getNetworkScoresList()) {
      b.append("<li>")
          .append(esc(n.getNetwork()))
          .append(": ")
          .append(num(n.getScore()))
          .append("</li>");
    }
    b.append("</ul><ul aria-label=\"per topic\">");
    for (TopicScore t : s.getTopicScoresList()) {
      b.append("<li>#")
          .append(esc(t.getTopic()))
          .append(": ")
          .append(num(t.getScore()))
          .append("</li>");
    }
    b.append("</ul><h3>Why</h3><ul id=\"explanation\">");
    for (String line : why) {
      b.append("<li>").append(esc(line)).append("</li>");
    }
    return b.append("</ul><p><a href=\"/\">Back</a></p></section>").toString();
  }

  private static void row(StringBuilder b, String name, double value) {
    b.append("<tr><td>").append(name).append("</td><td>").append(num(value)).append("</td></tr>");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> out = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * The key a request carries: its {@code Authorization} header, or else the key the page's form
   * kept in this server's cookie (a key checked before it was kept), as a header value; null for
   * none.
   */
  static String authorization(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header != null) {
      return header;
    }
    String key = cookie(ex.getRequestHeaders().getFirst("Cookie"));
    return key == null ? null : "Bearer " + key;
  }

  private static String cookie(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private static void html(HttpExchange ex, int status, String title, String body)
      throws IOException {
    byte[] page =
        ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>"
                + esc(title)
                + " — Sway</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>"
                + "<body><header><h1>Sway</h1></header><main>"
                + body
                + "</main></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders()
        .set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    ex.sendResponseHeaders(status, page.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(page);
    }
  }
}
