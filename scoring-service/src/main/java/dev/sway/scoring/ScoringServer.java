package dev.sway.scoring;

import dev.sway.checks.CanonicalAccounts;
import dev.sway.checks.Validator;
import dev.sway.model.ModelConfig;
import dev.sway.model.ScoringModel;
import dev.sway.runtime.Auth;
import dev.sway.runtime.AuthInterceptor;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import dev.sway.store.Pseudonyms;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.StorageLayout;
import io.lettuce.core.SetArgs;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The scoring service: the only writer to Redis. Its settings are declared in {@link
 * ScoringSettings} ({@code --help} lists them).
 */
public final class ScoringServer {
  private ScoringServer() {}

  /** Every setting this service reads (what {@code --help} prints). */
  public static final List<Setting<?>> SETTINGS = ScoringSettings.DECLARED;

  public static void main(String[] args) throws Exception {
    ServiceHost.main(
        args,
        "scoring-service",
        "Scores interactions forwarded by ingest and writes scores, history and leaderboards to"
            + " Redis.",
        ScoringSettings.DECLARED,
        s -> start(s, Clock.systemUTC()));
  }

  private static final Logger log = Logger.getLogger(ScoringServer.class.getName());

  /**
   * The calls that act on people rather than score events: they need an admin key (ingest relays
   * its caller's) whatever the transport, since the network alone is not a credential.
   */
  static final Set<String> ADMIN_METHODS =
      Set.of(
          "sway.v1.ScoringService/LinkAccounts",
          "sway.v1.ScoringService/UnlinkAccounts",
          "sway.v1.ScoringService/ErasePerson",
          "sway.v1.ScoringService/ExportPerson",
          "sway.v1.ScoringService/LiftSuppression",
          "sway.v1.ScoringService/RegisterAccounts",
          "google.longrunning.Operations/GetOperation");

  /**
   * The key of the keyed hashes ({@code --privacy-key}, base64, at least 16 bytes). Without one, a
   * random key is made once and kept in Redis, with a warning: fine for a local stack, weak for a
   * deployment (whoever reads Redis then holds the key beside the hashes).
   */
  static byte[] privacyKey(String configured, RedisConnector redis) {
    if (configured != null && !configured.isBlank()) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(configured.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--privacy-key must be base64 (e.g. from 'openssl rand -base64 32')");
      }
      if (key.length < Pseudonyms.MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "--privacy-key must hold at least " + Pseudonyms.MIN_KEY_BYTES + " bytes");
      }
      return key;
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    var sync = redis.sync();
    sync.set(
        RedisKeys.GENERATED_PRIVACY_KEY,
        Base64.getEncoder().encodeToString(fresh),
        SetArgs.Builder.nx());
    log.warning(
        "no --privacy-key (SWAY_PRIVACY_KEY) configured: using a key generated and kept in Redis. "
            + "Configure one in a deployment, or erased accounts' hashes can be tested by whoever reads Redis.");
    return Base64.getDecoder().decode(sync.get(RedisKeys.GENERATED_PRIVACY_KEY));
  }

  /**
   * How long one round of a batch (a pipeline of Lua calls) may take: five commands' worth, since a
   * round carries many and each may wait behind the others on the one connection.
   */
  static long roundTimeoutMs(long redisTimeoutMs) {
    return redisTimeoutMs * 5;
  }

  /** Builds and starts a scoring server. */
  public static ServiceHost start(Settings settings, Clock clock) throws IOException {
    return start(ScoringSettings.read(settings), settings, clock);
  }

  private static ServiceHost start(ScoringSettings config, Settings settings, Clock clock)
      throws IOException {
    long timeoutMs = config.redisTimeoutMs();
    ServiceHost.Builder b = ServiceHost.builder(config.server()).tls(settings);
    RedisConnector redis = RedisConnector.connect(config.redisUri(), timeoutMs, b.registry());
    try {
      ScoringModel model = new ScoringModel(ModelConfig.defaults(config.halfLifeDays()));
      StorageLayout.check(redis.sync());
      AccountStore store =
          new AccountStore(
                  redis,
                  config.dedupTtlDays() * 86_400,
                  roundTimeoutMs(timeoutMs),
                  config.recordCacheAccounts(),
                  config.boardLimits())
              .modelVersion(model.config().version())
              .waitForReplicas(config.redisWaitReplicas());
      if (redis.isCluster()) {
        // Moves a writer that died left in the calibration journals (a few ms per thousand slots).
        store.journal().foldAll();
      }
      Privacy privacy =
          new Privacy(config.scoringMode(), new Pseudonyms(privacyKey(config.privacyKey(), redis)));
      BatchScorer scorer =
          new BatchScorer(
              model,
              store,
              clock,
              new ScoringMetrics(b.registry(), config.metricNetworks()),
              privacy);
      DecaySweeper sweeper =
          new DecaySweeper(
              model, store, clock, config.wallClockDecay(), config.sweepAccountsPerSecond());
      sweeper.start(config.sweepIntervalMs());
      GroupCommit commits =
          new GroupCommit(scorer, config.applyQueueRequests(), config.applyBatchEvents());
      // One thread, a short queue: administrative calls are rare and PersonAdmin runs one at a
      // time.
      ThreadPoolExecutor admin =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(64),
              r -> {
                Thread t = new Thread(r, "scoring-admin");
                t.setDaemon(true);
                return t;
              });
      PersonAdmin persons = new PersonAdmin(store, privacy);
      Erasures erasures =
          new Erasures(persons, store, clock, Erasures.worker(), config.erasureResumeMs());
      ScoringGrpcService service =
          new ScoringGrpcService(scorer, commits, persons, erasures, admin, new Validator(clock));
      AuthInterceptor auth = Auth.adminInterceptor("scoring", settings, ADMIN_METHODS);
      if (auth != null) {
        b.intercept(auth);
      }
      // One spelling of every account id before any check, key or suppression hash.
      b.intercept(new CanonicalAccounts());
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
