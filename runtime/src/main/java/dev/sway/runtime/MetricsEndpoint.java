package dev.sway.runtime;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format from the process's registry.
 *
 * <p>The JDK's HTTP server is enough for a scrape every few seconds and adds no dependency; it runs
 * on one daemon thread so a slow scraper cannot take threads from RPC handlers.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static MetricsEndpoint start(
      PrometheusMeterRegistry registry, String bindAddress, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
