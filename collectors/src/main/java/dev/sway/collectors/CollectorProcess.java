package dev.sway.collectors;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * A collector wired for one network: the stream, the ingest sink and, for Bluesky, the AppView
 * profile refresher. What {@code sway connect}, the collector's main and the demo start.
 */
public final class CollectorProcess implements AutoCloseable {
  private final Collector collector;
  private final ProfileRefresher refresher;
  private final CollectorMetrics metrics;
  private final IngestSink sink;

  private CollectorProcess(
      Collector collector, ProfileRefresher refresher, CollectorMetrics metrics, IngestSink sink) {
    this.collector = collector;
    this.refresher = refresher;
    this.metrics = metrics;
    this.sink = sink;
  }

  /** Profile fetching: the AppView, its call rate, and how long a fetched profile stays fresh. */
  public record Profiles(
      String appViewUrl, double callsPerSecond, long refreshAfterMs, int backlog) {
    public static Profiles defaults(String appViewUrl) {
      return new Profiles(appViewUrl, 2, Duration.ofDays(1).toMillis(), 100_000);
    }
  }

  /** Bluesky: Jetstream's JSON stream, and AppView profiles unless {@code profiles} is null. */
  public static CollectorProcess bluesky(
      String jetstreamUrl,
      Profiles profiles,
      IngestSink sink,
      CollectorConfig config,
      MeterRegistry registry,
      Clock clock) {
    BlueskyNetwork network = new BlueskyNetwork(jetstreamUrl);
    CollectorMetrics metrics = new CollectorMetrics(registry, network.name(), clock);
    ProfileRefresher refresher = null;
    if (profiles != null) {
      AppView appView = new AppView(HttpClient.newHttpClient(), profiles.appViewUrl(), 10_000);
      refresher =
          new ProfileRefresher(
              appView,
              sink,
              clock,
              metrics,
              network.name(),
              profiles.callsPerSecond(),
              profiles.refreshAfterMs(),
              profiles.backlog(),
              1_000_000,
              config.backoffInitialMs(),
              config.backoffMaxMs());
    }
    ProfileRefresher r = refresher;
    Collector c = new Collector(config, network, sink, clock, metrics, r == null ? id -> {} : r);
    return new CollectorProcess(c, refresher, metrics, sink);
  }

  /**
   * Mastodon: the streaming API of {@code instanceUrl} ({@code streamingUrl} when the instance
   * streams from another host), {@code public} or {@code public:local}.
   */
  public static CollectorProcess mastodon(
      String instanceUrl,
      String streamingUrl,
      String stream,
      String token,
      IngestSink sink,
      CollectorConfig config,
      MeterRegistry registry,
      Clock clock) {
    URI instance = URI.create(instanceUrl);
    if (instance.getHost() == null) {
      throw new IllegalArgumentException("--instance needs a URL such as https://mastodon.social");
    }
    String streaming = streamingUrl;
    if (streaming == null || streaming.isEmpty()) {
      String scheme = "http".equals(instance.getScheme()) ? "ws" : "wss";
      String port = instance.getPort() < 0 ? "" : ":" + instance.getPort();
      streaming = scheme + "://" + instance.getHost() + port + "/api/v1/streaming";
    }
    if (!stream.equals("public") && !stream.equals("public:local")) {
      throw new IllegalArgumentException("stream must be public or public:local, got " + stream);
    }
    MastodonNetwork network =
        new MastodonNetwork(streaming, instance.getHost().toLowerCase(Locale.ROOT), stream, token);
    CollectorMetrics metrics = new CollectorMetrics(registry, network.name(), clock);
    Collector c = new Collector(config, network, sink, clock, metrics, id -> {});
    return new CollectorProcess(c, null, metrics, sink);
  }

  /**
   * Starts the profile refresher (if any) and the collector: it connects, resuming from the saved
   * cursor, and sends to the sink from then on. Returns this process; call once.
   */
  public CollectorProcess start() {
    if (refresher != null) {
      refresher.start();
    }
    collector.start();
    return this;
  }

  /** The running collector: its saved cursor and its queue and stream counts. */
  public Collector collector() {
    return collector;
  }

  /** This process's meters, tagged with its network; they stay readable after {@link #close}. */
  public CollectorMetrics metrics() {
    return metrics;
  }

  /** Profile backlog (0 without a refresher). */
  public int profileBacklog() {
    return refresher == null ? 0 : refresher.backlog();
  }

  /** The handle fetched for a Bluesky DID, or null. */
  public String handle(String did) {
    return refresher == null ? null : refresher.handle(did);
  }

  /** Stops as a crash would (no final batch, no cursor write). The sink stays open. */
  public void kill() {
    if (refresher != null) {
      refresher.close();
    }
    collector.kill();
  }

  /** Stops reading, sends what was read, saves the position, closes the sink. */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.close();
    }
    collector.close();
    sink.close();
  }
}
