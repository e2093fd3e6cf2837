package dev.sway.ingest;

import dev.sway.checks.Validator;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.Auth;
import dev.sway.runtime.AuthInterceptor;
import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.runtime.Tls;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * The ingest service: validates writes and forwards them to scoring. Never touches Redis.
 *
 * <p>Settings: {@code --grpc-port} / {@code SWAY_GRPC_PORT} (50051), {@code --metrics-port} (9091),
 * {@code --scoring-target} ({@code 127.0.0.1:50052}; use {@code dns:///scoring:50052} with a
 * headless Service), {@code --scoring-deadline-ms} (10000), plus the common settings of {@link
 * ServerConfig}.
 */
public final class IngestServer {
  private IngestServer() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.main(args, s -> start(s, Clock.systemUTC()));
  }

  public static ServiceHost start(Settings settings, Clock clock) throws IOException {
    ServerConfig config = ServerConfig.from("ingest", settings, 50051, 9091);
    ServiceHost.Builder b = ServiceHost.builder(config).tls(settings);
    // Writes need ingest:write; linking, erasure, export, suppression and consent need admin.
    AuthInterceptor auth =
        Auth.interceptor(
            "ingest",
            settings,
            ApiKeys.INGEST_WRITE,
            Map.of(
                "sway.v1.IngestService/LinkAccounts", ApiKeys.ADMIN,
                "sway.v1.IngestService/UnlinkAccounts", ApiKeys.ADMIN,
                "sway.v1.IngestService/ErasePerson", ApiKeys.ADMIN,
                "sway.v1.IngestService/ExportPerson", ApiKeys.ADMIN,
                "sway.v1.IngestService/LiftSuppression", ApiKeys.ADMIN,
                "sway.v1.IngestService/RegisterAccounts", ApiKeys.ADMIN,
                "google.longrunning.Operations/GetOperation", ApiKeys.ADMIN));
    if (auth != null) {
      b.intercept(auth);
    }
    // To scoring: TLS when a CA is given, mutual TLS when also a client certificate and key.
    Tls tls = new Tls();
    b.closeOnShutdown(tls);
    ScoringClient scoring =
        new ScoringClient(
            settings.get("scoring-target", "127.0.0.1:50052"),
            settings.getLong("scoring-deadline-ms", 10_000),
            b.registry(),
            tls.channel(
                settings.get("scoring-tls-ca", null),
                settings.get("scoring-tls-cert", null),
                settings.get("scoring-tls-key", null),
                settings.getLong("tls-reload-ms", 60_000)));
    return b.addService(
            new IngestGrpcService(
                new Validator(clock),
                scoring,
                new IngestMetrics(b.registry()),
                settings.getLong("stream-stall-ms", IngestGrpcService.DEFAULT_STREAM_STALL_MS)))
        .addService(new OperationsRelay(scoring))
        .nonBlocking()
        .closeOnShutdown(scoring)
        .build()
        .start();
  }
}
