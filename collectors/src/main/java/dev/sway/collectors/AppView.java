package dev.sway.collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Bluesky's AppView: {@code app.bsky.actor.getProfiles}, 25 actors a call. */
final class AppView {
  static final String DEFAULT_URL = "https://public.api.bsky.app";
  static final int MAX_ACTORS = 25;

  /** One profile's counters and handle. */
  record Profile(String did, String handle, long followers, long follows, long posts) {}

  /** A refusal the caller should back off from (429, 5xx), with the server's Retry-After. */
  static final class RetryLater extends IOException {
    final int status;
    final long retryAfterMs;

    RetryLater(int status, long retryAfterMs) {
      super("AppView answered " + status);
      this.status = status;
      this.retryAfterMs = retryAfterMs;
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final long timeoutMs;

  AppView(HttpClient http, String baseUrl, long timeoutMs) {
    this.http = http;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeoutMs = timeoutMs;
  }

  /** The profiles of up to 25 DIDs; accounts the AppView does not know are absent. */
  List<Profile> getProfiles(List<String> dids) throws IOException, InterruptedException {
    if (dids.isEmpty() || dids.size() > MAX_ACTORS) {
      throw new IllegalArgumentException("1-25 actors, got " + dids.size());
    }
    StringBuilder q = new StringBuilder(baseUrl).append("/xrpc/app.bsky.actor.getProfiles");
    char sep = '?';
    for (String d : dids) {
      q.append(sep).append("actors=").append(URLEncoder.encode(d, StandardCharsets.UTF_8));
      sep = '&';
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(q.toString()))
            .timeout(Duration.ofMillis(timeoutMs))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 429 || r.statusCode() >= 500) {
      long retryAfterMs =
          r.headers()
              .firstValue("Retry-After")
              .map(
                  v -> {
                    try {
                      return Long.parseLong(v.strip()) * 1000;
                    } catch (NumberFormatException e) {
                      return -1L;
                    }
                  })
              .orElse(-1L);
      throw new RetryLater(r.statusCode(), retryAfterMs);
    }
    if (r.statusCode() != 200) {
      throw new IOException("AppView answered " + r.statusCode());
    }
    List<Profile> out = new ArrayList<>();
    try {
      JsonObject root = JsonParser.parseString(r.body()).getAsJsonObject();
      var profiles = Json.arr(root, "profiles");
      if (profiles != null) {
        for (JsonElement e : profiles) {
          JsonObject p = e.isJsonObject() ? e.getAsJsonObject() : null;
          String did = Json.str(p, "did");
          if (did != null) {
            out.add(
                new Profile(
                    did,
                    Json.str(p, "handle"),
                    Math.max(0, Json.num(p, "followersCount", 0)),
                    Math.max(0, Json.num(p, "followsCount", 0)),
                    Math.max(0, Json.num(p, "postsCount", 0))));
          }
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("AppView answered malformed JSON", e);
    }
    return out;
  }
}
