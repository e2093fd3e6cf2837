package dev.sway.collectors;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code app.bsky.actor.getProfiles} on a loopback port, answering in the lexicon's shape
 * (profileViewDetailed: did, handle, followersCount, followsCount, postsCount). The first {@code
 * throttled} calls are answered 429 with a Retry-After, as the public AppView does.
 */
public final class AppViewStub implements AutoCloseable {
  private final HttpServer server;
  final List<List<String>> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger throttled = new AtomicInteger();
  private final Map<String, String> handles;

  /** Listens on a free loopback port, knowing the handle of each DID in {@code handles}. */
  public AppViewStub(Map<String, String> handles) throws IOException {
    this.handles = handles;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/xrpc/app.bsky.actor.getProfiles",
        ex -> {
          try (ex) {
            List<String> actors = new ArrayList<>();
            String q = ex.getRequestURI().getRawQuery();
            for (String kv : q == null ? new String[0] : q.split("&")) {
              if (kv.startsWith("actors=")) {
                actors.add(URLDecoder.decode(kv.substring(7), StandardCharsets.UTF_8));
              }
            }
            calls.add(actors);
            if (throttled.getAndDecrement() > 0) {
              ex.getResponseHeaders().set("Retry-After", "0");
              byte[] b =
                  "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}"
                      .getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(429, b.length);
              ex.getResponseBody().write(b);
              return;
            }
            StringBuilder body = new StringBuilder("{\"profiles\":[");
            for (int i = 0; i < actors.size(); i++) {
              String did = actors.get(i);
              body.append(i == 0 ? "" : ",")
                  .append("{\"did\":\"")
                  .append(did)
                  .append("\",\"handle\":\"")
                  .append(handles.getOrDefault(did, "handle.invalid"))
                  .append("\",\"displayName\":\"Someone\",\"followersCount\":")
                  .append(followers(did))
                  .append(",\"followsCount\":12,\"postsCount\":34,\"indexedAt\":")
                  .append("\"2026-11-30T10:00:00.000Z\",\"createdAt\":\"2024-01-01T00:00:00.000Z\"")
                  .append(",\"labels\":[]}");
            }
            byte[] b = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(b);
            }
          }
        });
    server.createContext(
        "/xrpc/com.atproto.identity.resolveHandle",
        ex -> {
          try (ex) {
            String q = ex.getRequestURI().getRawQuery();
            String handle =
                q != null && q.startsWith("handle=")
                    ? URLDecoder.decode(q.substring(7), StandardCharsets.UTF_8)
                    : "";
            String did =
                handles.entrySet().stream()
                    .filter(e -> e.getValue().equals(handle))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            byte[] b =
                (did == null
                        ? "{\"error\":\"InvalidRequest\",\"message\":\"Unable to resolve handle\"}"
                        : "{\"did\":\"" + did + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(did == null ? 400 : 200, b.length);
            ex.getResponseBody().write(b);
          }
        });
    server.start();
  }

  /** The follower count the stub gives a DID (deterministic). */
  public static long followers(String did) {
    return 100 + Math.floorMod(did.hashCode(), 1000);
  }

  /** The stub's base address ({@code http://127.0.0.1:PORT}), as an AppView URL is given. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
