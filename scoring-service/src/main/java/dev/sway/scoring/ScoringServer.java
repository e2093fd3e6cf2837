package dev.sway.scoring;

import dev.sway.checks.Validator;
import dev.sway.model.ModelConfig;
import dev.sway.model.ScoringModel;
import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.store.RedisConnector;
import dev.sway.store.StorageLayout;
import java.io.IOException;
import java.time.Clock;

/**
 * The scoring service: the only writer to Redis.
 *
 * <p>Settings (flag / environment variable, default): {@code --grpc-port} / {@code SWAY_GRPC_PORT}
 * (50052), {@code --metrics-port} (9092), {@code --redis-uri} (redis://127.0.0.1:6379), {@code
 * --redis-timeout-ms} (2000), {@code --half-life-days} (30), {@code --dedup-ttl-days} (30), {@code
 * --sweep-interval-ms} (60000), {@code --sweep-accounts-per-second} (20000), {@code --decay-clock}
 * ({@code events} or {@code wall}; events), {@code --record-cache-accounts} (200000), {@code
 * --metric-networks} (networks labelled by name in metrics; default the first 16 seen), {@code
 * --apply-queue-requests} (256), {@code --erasure-resume-ms} (30000), {@code --scoring-mode}
 * ({@code open} or {@code opt-in}; open), {@code --privacy-key} (base64 key of the keyed hashes of
 * erased and unregistered accounts; see {@link #privacyKey}), {@code --max-network-leaderboards}
 * (64), {@code --max-topic-leaderboards} (10000), {@code --apply-batch-events} (20000), plus the
 * common server settings of {@link ServerConfig}.
 */
public final class ScoringServer {
  private ScoringServer() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.main(args, s -> start(s, Clock.systemUTC()));
  }

  private static final java.util.logging.Logger log =
      java.util.logging.Logger.getLogger(ScoringServer.class.getName());

  /**
   * The key of the keyed hashes ({@code --privacy-key}, base64, at least 16 bytes). Without one, a
   * random key is made once and kept in Redis, with a warning: fine for a local stack, weak for a
   * deployment (whoever reads Redis then holds the key beside the hashes).
   */
  static byte[] privacyKey(String configured, RedisConnector redis) {
    if (configured != null && !configured.isBlank()) {
      byte[] key;
      try {
        key = java.util.Base64.getDecoder().decode(configured.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--privacy-key must be base64 (e.g. from 'openssl rand -base64 32')");
      }
      if (key.length < dev.sway.store.Pseudonyms.MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "--privacy-key must hold at least "
                + dev.sway.store.Pseudonyms.MIN_KEY_BYTES
                + " bytes");
      }
      return key;
    }
    byte[] fresh = new byte[32];
    new java.security.SecureRandom().nextBytes(fresh);
    var sync = redis.connection().sync();
    sync.setnx(
        dev.sway.store.RedisKeys.GENERATED_PRIVACY_KEY,
        java.util.Base64.getEncoder().encodeToString(fresh));
    log.warning(
        "no --privacy-key (SWAY_PRIVACY_KEY) configured: using a key generated and kept in Redis. "
            + "Configure one in a deployment, or erased accounts' hashes can be tested by whoever reads Redis.");
    return java.util.Base64.getDecoder()
        .decode(sync.get(dev.sway.store.RedisKeys.GENERATED_PRIVACY_KEY));
  }

  /** Builds and starts a scoring server. */
  public static ServiceHost start(Settings settings, Clock clock) throws IOException {
    ServerConfig config = ServerConfig.from("scoring", settings, 50052, 9092);
    // Ingest is the one caller: it gets the whole in-flight budget unless told otherwise.
    config = config.withDefaultPerCaller(settings, config.maxInflightCalls());
    long timeoutMs = settings.getLong("redis-timeout-ms", 2000);
    ServiceHost.Builder b = ServiceHost.builder(config).tls(settings);
    RedisConnector redis =
        RedisConnector.connect(
            settings.get("redis-uri", "redis://127.0.0.1:6379"), timeoutMs, b.registry());
    try {
      ScoringModel model =
          new ScoringModel(ModelConfig.defaults(settings.getDouble("half-life-days", 30)));
      long dedupTtlSeconds = settings.getLong("dedup-ttl-days", 30) * 86_400;
      StorageLayout.check(redis.connection().sync());
      AccountStore store =
          new AccountStore(
              redis,
              dedupTtlSeconds,
              timeoutMs * 5,
              settings.getInt("record-cache-accounts", 200_000),
              new AccountStore.BoardLimits(
                  settings.getInt(
                      "max-network-leaderboards", AccountStore.BoardLimits.DEFAULT.networks()),
                  settings.getInt(
                      "max-topic-leaderboards", AccountStore.BoardLimits.DEFAULT.topics())));
      Privacy privacy =
          new Privacy(
              Privacy.Mode.parse(settings.get("scoring-mode", "open")),
              new dev.sway.store.Pseudonyms(privacyKey(settings.get("privacy-key", null), redis)));
      BatchScorer scorer =
          new BatchScorer(
              model,
              store,
              clock,
              new ScoringMetrics(
                  b.registry(),
                  java.util.Arrays.stream(settings.get("metric-networks", "").split(","))
                      .map(String::trim)
                      .filter(n -> !n.isEmpty())
                      .collect(java.util.stream.Collectors.toSet())),
              privacy);
      String decayClock = settings.get("decay-clock", "events");
      if (!decayClock.equals("events") && !decayClock.equals("wall")) {
        throw new IllegalArgumentException(
            "--decay-clock must be events or wall, not " + decayClock);
      }
      DecaySweeper sweeper =
          new DecaySweeper(
              model,
              store,
              clock,
              decayClock.equals("wall"),
              settings.getDouble("sweep-accounts-per-second", 20_000));
      sweeper.start(settings.getLong("sweep-interval-ms", 60_000));
      GroupCommit commits =
          new GroupCommit(
              scorer,
              settings.getInt("apply-queue-requests", 256),
              settings.getInt("apply-batch-events", 20_000));
      // One thread, a short queue: administrative calls are rare and PersonAdmin runs one at a
      // time.
      java.util.concurrent.ThreadPoolExecutor admin =
          new java.util.concurrent.ThreadPoolExecutor(
              1,
              1,
              0,
              java.util.concurrent.TimeUnit.MILLISECONDS,
              new java.util.concurrent.ArrayBlockingQueue<>(64),
              r -> {
                Thread t = new Thread(r, "scoring-admin");
                t.setDaemon(true);
                return t;
              });
      PersonAdmin persons = new PersonAdmin(store, privacy);
      Erasures erasures =
          new Erasures(
              persons,
              store,
              clock,
              Erasures.worker(),
              settings.getLong("erasure-resume-ms", 30_000));
      ScoringGrpcService service =
          new ScoringGrpcService(scorer, commits, persons, erasures, admin, new Validator(clock));
      return b.nonBlocking()
          .addService(service)
          .addService(service.new Operations())
          .closeOnShutdown(erasures)
          .closeOnShutdown(redis)
          .closeOnShutdown(admin::shutdown)
          .closeOnShutdown(commits)
          .closeOnShutdown(sweeper)
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }
}
