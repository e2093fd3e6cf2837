package dev.sway.collectors;

import static dev.sway.collectors.CollectorSettings.*;

import dev.sway.runtime.Settings;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The collector as a process (the Deployment's): settings from flags or {@code SWAY_*} variables,
 * metrics and probes on one port, a clean stop on TERM (the last batch sent, the position saved).
 */
public final class CollectorMain {
  private CollectorMain() {}

  public static void main(String[] args) throws Exception {
    if (Settings.wantsHelp(args)) {
      System.out.print(
          Settings.help(
              "sway-collector",
              "Reads Bluesky or Mastodon live and writes through the ingest service.",
              ALL));
      return;
    }
    Settings s;
    try {
      s = Settings.fromArgs(args);
      s.rejectUnknownFlags(ALL);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CollectorProcess p;
    try {
      p = build(s, registry, Clock.systemUTC());
    } catch (IllegalArgumentException | IOException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    StatusEndpoint status = null;
    int port = s.get(METRICS_PORT);
    if (port >= 0) {
      try {
        status =
            new StatusEndpoint(
                registry,
                s.get(BIND_ADDRESS),
                port,
                () -> p.collector().alive(),
                () -> p.metrics().isConnected());
      } catch (IOException e) {
        System.err.println("cannot listen on --metrics-port " + port + ": " + e.getMessage());
        System.exit(3);
        return;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    StatusEndpoint st = status;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  p.close();
                  if (st != null) {
                    st.close();
                  }
                  stopped.countDown();
                }));
    p.start();
    System.out.println("collecting " + s.get(NETWORK) + " into " + s.get(INGEST));
    stopped.await();
  }

  /** The collector the settings describe (not started). */
  static CollectorProcess build(Settings s, PrometheusMeterRegistry registry, Clock clock)
      throws IOException {
    String key = s.get(API_KEY);
    if (s.get(API_KEY_FILE) != null) {
      key = read(s.get(API_KEY_FILE), "--api-key-file");
    }
    ChannelCredentials creds =
        s.get(TLS_CA) == null
            ? InsecureChannelCredentials.create()
            : TlsChannelCredentials.newBuilder().trustManager(new File(s.get(TLS_CA))).build();
    CollectorConfig config =
        new CollectorConfig(
            Path.of(s.get(CURSOR_FILE)),
            s.get(BATCH_SIZE),
            s.get(LINGER_MS),
            s.get(QUEUE_CAPACITY),
            s.get(MAX_MESSAGE_CHARS),
            s.get(INGEST_DEADLINE_MS),
            s.get(IDLE_TIMEOUT_MS),
            500,
            s.get(BACKOFF_MAX_MS));
    IngestSink sink = new GrpcIngestSink(s.get(INGEST), creds, key, s.get(INGEST_DEADLINE_MS));
    if (s.get(NETWORK).equals("bluesky")) {
      String appView = s.get(APPVIEW);
      CollectorProcess.Profiles profiles =
          "none".equals(appView)
              ? null
              : new CollectorProcess.Profiles(
                  appView,
                  s.get(PROFILE_CALLS_PER_SECOND),
                  s.get(PROFILE_REFRESH_MS),
                  s.get(PROFILE_BACKLOG));
      return CollectorProcess.bluesky(s.get(JETSTREAM), profiles, sink, config, registry, clock);
    }
    if (s.get(INSTANCE) == null) {
      sink.close();
      throw new IllegalArgumentException("--instance is required for Mastodon");
    }
    String token = s.get(TOKEN_FILE) == null ? null : read(s.get(TOKEN_FILE), "--token-file");
    return CollectorProcess.mastodon(
        s.get(INSTANCE), s.get(STREAMING_URL), s.get(STREAM), token, sink, config, registry, clock);
  }

  static String read(String file, String flag) throws IOException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException(flag + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
