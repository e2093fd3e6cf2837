package dev.sway.collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The collector's meters, all tagged with the network. Counters are cached per tag value: the hot
 * path looks up a map entry, not the registry.
 */
public final class CollectorMetrics {
  private final MeterRegistry registry;
  private final String network;
  private final Clock clock;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong latestEventMs = new AtomicLong(-1);
  private final AtomicLong connected = new AtomicLong();

  public CollectorMetrics(MeterRegistry registry, String network, Clock clock) {
    this.registry = registry;
    this.network = network;
    this.clock = clock;
    Gauge.builder("sway.collector.lag.seconds", this::lagSeconds)
        .tag("network", network)
        .description("Now minus the time of the latest event acknowledged by ingest")
        .register(registry);
    Gauge.builder("sway.collector.connected", connected, AtomicLong::get)
        .tag("network", network)
        .description("1 while the stream is connected")
        .register(registry);
  }

  /** A gauge read from {@code value} (queue depth, profile backlog). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).tag("network", network).description(description).register(registry);
  }

  /** What each counter counts (the HELP line of the scrape). */
  private static final Map<String, String> HELP =
      Map.of(
          "sway.collector.messages", "Stream messages, by what they were",
          "sway.collector.interactions", "Interactions sent to ingest, by type",
          "sway.collector.skipped", "Items not recorded, by reason",
          "sway.collector.acknowledged",
              "Ingest's answers: accepted, duplicate, suppressed, snapshot",
          "sway.collector.reconnects", "Reconnections, by why the previous connection ended",
          "sway.collector.ingest.errors", "Failed ingest calls, by gRPC status",
          "sway.collector.profile.fetches", "AppView getProfiles calls, by outcome");

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(
        name + '\u0000' + tag + '\u0000' + value,
        k ->
            Counter.builder(name)
                .description(HELP.get(name))
                .tag("network", network)
                .tag(tag, value)
                .register(registry));
  }

  /** A message of the stream, by what it was ({@code like}, {@code post}, {@code identity}…). */
  public void message(String kind) {
    counter("sway.collector.messages", "kind", kind).increment();
  }

  /** Interactions acknowledged by ingest, by type ({@code like}, {@code share}…). */
  public void interactions(String type, int n) {
    counter("sway.collector.interactions", "type", type).increment(n);
  }

  /** Something not recorded, by reason ({@code self}, {@code malformed}, {@code oversized}…). */
  public void skipped(String reason) {
    counter("sway.collector.skipped", "reason", reason).increment();
  }

  public void acknowledged(String outcome, int n) {
    counter("sway.collector.acknowledged", "outcome", outcome).increment(n);
  }

  /**
   * A reconnection, by why the previous connection ended ({@code closed}, {@code error}, {@code
   * idle}).
   */
  public void reconnect(String cause) {
    counter("sway.collector.reconnects", "cause", cause).increment();
  }

  public void ingestError(String code) {
    counter("sway.collector.ingest.errors", "code", code).increment();
  }

  public void profileFetch(String outcome) {
    counter("sway.collector.profile.fetches", "outcome", outcome).increment();
  }

  public void connected(boolean up) {
    connected.set(up ? 1 : 0);
  }

  public boolean isConnected() {
    return connected.get() == 1;
  }

  /** Records the time of an acknowledged event; the lag is measured from the latest one. */
  public void eventTime(long ms) {
    latestEventMs.accumulateAndGet(ms, Math::max);
  }

  double lagSeconds() {
    long t = latestEventMs.get();
    return t < 0 ? Double.NaN : Math.max(0, clock.millis() - t) / 1000.0;
  }

  /** The count of a counter of this collector, for tests and reports (0 when never touched). */
  public double count(String name, String tag, String value) {
    Counter c = counters.get(name + '\u0000' + tag + '\u0000' + value);
    return c == null ? 0 : c.count();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
