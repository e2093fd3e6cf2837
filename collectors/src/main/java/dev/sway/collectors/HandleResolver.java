package dev.sway.collectors;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Bluesky handle to its DID through the AppView's {@code com.atproto.identity.resolveHandle}:
 * Sway stores accounts by DID (stable), people type handles (which change).
 */
public final class HandleResolver {
  /** The handle is unknown to the AppView. */
  public static final class UnknownHandle extends IOException {
    public UnknownHandle(String handle) {
      super("no Bluesky account has the handle " + handle);
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final long timeoutMs;

  public HandleResolver(String appViewUrl, long timeoutMs) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMs)).build();
    this.baseUrl =
        appViewUrl.endsWith("/") ? appViewUrl.substring(0, appViewUrl.length() - 1) : appViewUrl;
    this.timeoutMs = timeoutMs;
  }

  /** Whether a Bluesky account id is a handle rather than a DID. */
  public static boolean isHandle(String accountId) {
    return !accountId.startsWith("did:") && accountId.contains(".");
  }

  /** The DID of {@code handle} (a leading {@code @} is ignored). */
  public String resolve(String handle) throws IOException, InterruptedException {
    String h = handle.startsWith("@") ? handle.substring(1) : handle;
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl
                        + "/xrpc/com.atproto.identity.resolveHandle?handle="
                        + URLEncoder.encode(h, StandardCharsets.UTF_8)))
            .timeout(Duration.ofMillis(timeoutMs))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 400 || r.statusCode() == 404) {
      throw new UnknownHandle(h);
    }
    if (r.statusCode() != 200) {
      throw new IOException("the AppView at " + baseUrl + " answered " + r.statusCode());
    }
    try {
      String did = Json.str(JsonParser.parseString(r.body()).getAsJsonObject(), "did");
      if (did == null || !did.startsWith("did:")) {
        throw new IOException("the AppView at " + baseUrl + " gave no DID for " + h);
      }
      return did;
    } catch (RuntimeException e) {
      throw new IOException("the AppView at " + baseUrl + " answered malformed JSON", e);
    }
  }
}
