package dev.sway.collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus), {@code /healthz} (the mapping thread runs) and {@code /readyz}
 * (the stream is connected) on one port; one daemon thread, as the services' metrics port.
 */
final class StatusEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  StatusEndpoint(
      PrometheusMeterRegistry registry,
      String bindAddress,
      int port,
      BooleanSupplier alive,
      BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    server.createContext(
        "/metrics",
        ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/healthz", ex -> send(ex, alive.getAsBoolean() ? 200 : 503, "text/plain", "ok\n"));
    server.createContext(
        "/readyz", ex -> send(ex, ready.getAsBoolean() ? 200 : 503, "text/plain", "connected\n"));
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "collector-status-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
