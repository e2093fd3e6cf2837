package dev.sway.collectors;

import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A local Redis and the three services on loopback ports, as the development stack runs them, with
 * two keys: one of scope {@code ingest:write} only (the collector's) and one to read scores.
 */
final class TestStack implements AutoCloseable {
  final String collectorKey = ApiKeys.newKey();
  final String readerKey = ApiKeys.newKey();
  private final LocalRedis redis;
  private final ServiceHost scoring;
  private final ServiceHost ingest;
  private final ServiceHost query;
  private final ManagedChannel queryChannel;

  TestStack() throws IOException {
    redis = LocalRedis.start();
    Map<String, String> common = new HashMap<>();
    common.put(
        "api-keys",
        ApiKeys.entry("collector", Set.of(ApiKeys.INGEST_WRITE), collectorKey)
            + ","
            + ApiKeys.entry("reader", Set.of(ApiKeys.QUERY_READ), readerKey));
    common.put("redis-uri", redis.uri());
    common.put("metrics-port", "-1");
    common.put("drain-ms", "1000");
    common.put("bind-address", "127.0.0.1");
    byte[] privacy = new byte[32];
    new SecureRandom().nextBytes(privacy);
    common.put("privacy-key", Base64.getEncoder().encodeToString(privacy));
    Map<String, String> s = new HashMap<>(common);
    s.put("grpc-port", "0");
    s.put("sweep-interval-ms", "1000");
    scoring = ScoringServer.start(Settings.ofMap(s), Clock.systemUTC());
    Map<String, String> i = new HashMap<>(common);
    i.put("grpc-port", "0");
    i.put("scoring-target", "127.0.0.1:" + scoring.port());
    ingest = IngestServer.start(Settings.ofMap(i), Clock.systemUTC());
    Map<String, String> q = new HashMap<>(common);
    q.put("grpc-port", "0");
    q.put("calibration-refresh-ms", "500");
    q.put("http-port", "-1");
    query = QueryServer.start(Settings.ofMap(q));
    Metadata h = new Metadata();
    h.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + readerKey);
    queryChannel =
        Grpc.newChannelBuilder("127.0.0.1:" + query.port(), InsecureChannelCredentials.create())
            .intercept(MetadataUtils.newAttachHeadersInterceptor(h))
            .build();
  }

  String ingestTarget() {
    return "127.0.0.1:" + ingest.port();
  }

  /** A sink writing to this stack's ingest with the collector's key. */
  GrpcIngestSink sink() {
    return new GrpcIngestSink(
        ingestTarget(), InsecureChannelCredentials.create(), collectorKey, 10_000);
  }

  /** The account's score, or null while it has none. */
  Score score(String network, String accountId) {
    try {
      return QueryServiceGrpc.newBlockingStub(queryChannel)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getScore(
              GetScoreRequest.newBuilder()
                  .setAccount(AccountRef.newBuilder().setNetwork(network).setAccountId(accountId))
                  .build())
          .getScore();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    queryChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    query.close();
    ingest.close();
    scoring.close();
    redis.close();
  }
}
