package dev.sway.ingest;

import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServerSettings;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the ingest service is configured with, read once. {@link #DECLARED} is the one list of
 * its settings: {@code --help}, the unknown-flag check and the README's table come from it.
 */
record IngestSettings(
    ServerConfig server,
    String scoringTarget,
    long scoringDeadlineMs,
    long streamStallMs,
    String scoringTlsCa,
    String scoringTlsCert,
    String scoringTlsKey,
    long tlsReloadMs) {

  static final Setting<String> SCORING_TARGET =
      Setting.ofText(
          "scoring-target",
          "127.0.0.1:50052",
          "scoring address (dns:///scoring:50052 with a headless Service in Kubernetes)");
  static final Setting<Long> SCORING_DEADLINE_MS =
      Setting.ofLong(
          "scoring-deadline-ms", 10_000L, "deadline of each forwarded batch, retries included");
  static final Setting<Long> STREAM_STALL_MS =
      Setting.ofLong(
          "stream-stall-ms",
          IngestGrpcService.DEFAULT_STREAM_STALL_MS,
          "a bulk-load stream whose client does not read its acknowledgements this long is"
              + " cancelled (RESOURCE_EXHAUSTED); until then ingest stops reading its batches");
  static final Setting<String> SCORING_TLS_CA =
      Setting.ofText("scoring-tls-ca", null, "CA of scoring's certificate: TLS to scoring");
  static final Setting<String> SCORING_TLS_CERT =
      Setting.ofText(
          "scoring-tls-cert", null, "client certificate presented to scoring (mutual TLS)");
  static final Setting<String> SCORING_TLS_KEY =
      Setting.ofText("scoring-tls-key", null, "private key of --scoring-tls-cert");

  /** Every setting of the ingest service. */
  static final List<Setting<?>> DECLARED = declared();

  private static List<Setting<?>> declared() {
    List<Setting<?>> all = new ArrayList<>(ServerSettings.server(50051, 9091));
    all.addAll(ServerSettings.AUTHENTICATION);
    all.addAll(
        List.of(
            SCORING_TARGET,
            SCORING_DEADLINE_MS,
            STREAM_STALL_MS,
            SCORING_TLS_CA,
            SCORING_TLS_CERT,
            SCORING_TLS_KEY));
    return List.copyOf(all);
  }

  static IngestSettings read(Settings s) {
    return new IngestSettings(
        ServerConfig.from("ingest", s, DECLARED),
        s.get(SCORING_TARGET),
        s.get(SCORING_DEADLINE_MS),
        s.get(STREAM_STALL_MS),
        s.get(SCORING_TLS_CA),
        s.get(SCORING_TLS_CERT),
        s.get(SCORING_TLS_KEY),
        s.get(ServerSettings.TLS_RELOAD_MS));
  }
}
