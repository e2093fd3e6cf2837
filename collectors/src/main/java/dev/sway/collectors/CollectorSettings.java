package dev.sway.collectors;

import dev.sway.runtime.Setting;
import java.util.List;
import java.util.Set;

/** The collector process's settings: flags {@code --name=value} or {@code SWAY_NAME}. */
final class CollectorSettings {
  private CollectorSettings() {}

  static final Setting<String> NETWORK =
      Setting.ofChoice("network", "bluesky", Set.of("bluesky", "mastodon"), "network to read");
  static final Setting<String> JETSTREAM =
      Setting.ofText("jetstream", BlueskyNetwork.DEFAULT_JETSTREAM, "Jetstream /subscribe URL");
  static final Setting<String> APPVIEW =
      Setting.ofText("appview", AppView.DEFAULT_URL, "Bluesky AppView for profiles (none: off)");
  static final Setting<Double> PROFILE_CALLS_PER_SECOND =
      Setting.ofDouble(
          "profile-calls-per-second", 2, "getProfiles calls per second, 25 accounts each");
  static final Setting<Long> PROFILE_REFRESH_MS =
      Setting.ofLong("profile-refresh-ms", 86_400_000L, "how long a fetched profile stays fresh");
  static final Setting<Integer> PROFILE_BACKLOG =
      Setting.ofInt("profile-backlog", 100_000, "accounts waiting for a profile fetch, at most");
  static final Setting<String> INSTANCE =
      Setting.ofText("instance", null, "Mastodon instance URL, e.g. https://mastodon.social");
  static final Setting<String> STREAMING_URL =
      Setting.ofText("streaming-url", null, "Mastodon streaming URL when not on the instance host");
  static final Setting<String> STREAM =
      Setting.ofChoice(
          "stream", "public", Set.of("public", "public:local"), "Mastodon timeline to stream");
  static final Setting<String> TOKEN_FILE =
      Setting.ofText("token-file", null, "file holding the Mastodon access token");
  static final Setting<String> INGEST =
      Setting.ofText("ingest-target", "127.0.0.1:50051", "ingest service address");
  static final Setting<String> API_KEY =
      Setting.ofText("api-key", null, "API key of scope ingest:write (prefer --api-key-file)");
  static final Setting<String> API_KEY_FILE =
      Setting.ofText("api-key-file", null, "file holding the API key");
  static final Setting<String> TLS_CA =
      Setting.ofText("tls-ca", null, "CA certificate of ingest's: connect with TLS");
  static final Setting<String> CURSOR_FILE =
      Setting.ofText("cursor-file", "sway-collector.cursor", "where the stream position is kept");
  static final Setting<Integer> BATCH_SIZE =
      Setting.ofInt("batch-size", 500, "interactions per ingest call (1-10000)");
  static final Setting<Long> LINGER_MS =
      Setting.ofLong("linger-ms", 1000L, "a batch is sent at most this long after it starts");
  static final Setting<Integer> QUEUE_CAPACITY =
      Setting.ofInt("queue-capacity", 1024, "messages read and not yet mapped, at most");
  static final Setting<Integer> MAX_MESSAGE_CHARS =
      Setting.ofInt("max-message-chars", 256 * 1024, "a longer message is skipped as oversized");
  static final Setting<Long> INGEST_DEADLINE_MS =
      Setting.ofLong("ingest-deadline-ms", 10_000L, "deadline of each ingest call");
  static final Setting<Long> IDLE_TIMEOUT_MS =
      Setting.ofLong("idle-timeout-ms", 60_000L, "a silent stream is reconnected after this");
  static final Setting<Long> BACKOFF_MAX_MS =
      Setting.ofLong("backoff-max-ms", 60_000L, "longest wait between reconnections or retries");
  static final Setting<Integer> METRICS_PORT =
      Setting.ofInt("metrics-port", 9094, "port of /metrics, /healthz and /readyz (-1: off)");
  static final Setting<String> BIND_ADDRESS =
      Setting.ofText("bind-address", "0.0.0.0", "address the metrics port listens on");

  static final List<Setting<?>> ALL =
      List.of(
          NETWORK,
          JETSTREAM,
          APPVIEW,
          PROFILE_CALLS_PER_SECOND,
          PROFILE_REFRESH_MS,
          PROFILE_BACKLOG,
          INSTANCE,
          STREAMING_URL,
          STREAM,
          TOKEN_FILE,
          INGEST,
          API_KEY,
          API_KEY_FILE,
          TLS_CA,
          CURSOR_FILE,
          BATCH_SIZE,
          LINGER_MS,
          QUEUE_CAPACITY,
          MAX_MESSAGE_CHARS,
          INGEST_DEADLINE_MS,
          IDLE_TIMEOUT_MS,
          BACKOFF_MAX_MS,
          METRICS_PORT,
          BIND_ADDRESS);
}
