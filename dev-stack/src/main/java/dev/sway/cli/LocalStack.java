package dev.sway.cli;

import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Redis and the three services on this machine, each service its own gRPC server on its own port,
 * talking to each other over loopback sockets exactly as in production.
 */
public final class LocalStack implements AutoCloseable {
  /**
   * The system property that makes the stacks started without a given Redis run on a local Redis
   * Cluster (three masters, three replicas): how the test suites run a second time on a cluster.
   */
  public static final String CLUSTER_PROPERTY = "sway.redis.cluster";

  private final LocalRedis redis;
  private final LocalRedisCluster cluster;
  private final ServiceHost scoring;
  private final ServiceHost ingest;
  private final ServiceHost query;
  private final String apiKey;

  private LocalStack(
      LocalRedis redis,
      LocalRedisCluster cluster,
      ServiceHost scoring,
      ServiceHost ingest,
      ServiceHost query,
      String apiKey) {
    this.redis = redis;
    this.cluster = cluster;
    this.scoring = scoring;
    this.ingest = ingest;
    this.query = query;
    this.apiKey = apiKey;
  }

  /**
   * Ports and options for a local run; 0 picks free ports. Every port listens on {@code
   * bindAddress}: the loopback interface unless told otherwise, so a local stack (whose scoring
   * service and API keys are for this machine) is not reachable from the network.
   */
  public record Options(
      int ingestPort,
      int scoringPort,
      int queryPort,
      boolean metrics,
      long sweepIntervalMs,
      String bindAddress) {
    public Options(
        int ingestPort, int scoringPort, int queryPort, boolean metrics, long sweepIntervalMs) {
      this(ingestPort, scoringPort, queryPort, metrics, sweepIntervalMs, "127.0.0.1");
    }

    public static Options ephemeral() {
      return new Options(0, 0, 0, true, 1000);
    }
  }

  public static LocalStack start(Options o) throws IOException {
    if (Boolean.getBoolean(CLUSTER_PROPERTY)) {
      return startOnCluster(o, LocalRedisCluster.start(), Clock.systemUTC(), Map.of());
    }
    LocalRedis redis = LocalRedis.start();
    return start(o, redis);
  }

  /**
   * The same on a local Redis Cluster of three masters and three replicas, started here and owned
   * by the stack.
   */
  public static LocalStack startOnCluster(Options o, Clock clock, Map<String, String> extra)
      throws IOException {
    return startOnCluster(o, LocalRedisCluster.start(), clock, extra);
  }

  /** The same on a cluster started by the caller (owned by the stack from now on). */
  public static LocalStack startOnCluster(
      Options o, LocalRedisCluster cluster, Clock clock, Map<String, String> extra)
      throws IOException {
    return start(o, null, cluster, clock, extra, null);
  }

  /**
   * An ephemeral stack (free ports, its own Redis, the system clock) whose services also get {@code
   * settings}: what most tests of one setting need.
   */
  public static LocalStack startWith(Map<String, String> settings) throws IOException {
    if (Boolean.getBoolean(CLUSTER_PROPERTY)) {
      return startOnCluster(
          Options.ephemeral(), LocalRedisCluster.start(), Clock.systemUTC(), settings);
    }
    return start(Options.ephemeral(), LocalRedis.start(), Clock.systemUTC(), settings);
  }

  /** Starts the services against an already running Redis, which the stack then owns. */
  public static LocalStack start(Options o, LocalRedis redis) throws IOException {
    return start(o, redis, Clock.systemUTC(), Map.of());
  }

  /**
   * The same with a clock for every service (tests move time with it) and extra settings given to
   * every service (for example {@code decay-clock}).
   */
  public static LocalStack start(
      Options o, LocalRedis redis, Clock clock, Map<String, String> extra) throws IOException {
    return start(o, redis, null, clock, extra, null);
  }

  /**
   * The same with a given API key (for a stack whose data outlives it, so that a restart keeps the
   * key the user exported); null makes a new one.
   */
  public static LocalStack start(
      Options o, LocalRedis redis, Clock clock, Map<String, String> extra, String apiKey)
      throws IOException {
    return start(o, redis, null, clock, extra, apiKey);
  }

  private static LocalStack start(
      Options o,
      LocalRedis redis,
      LocalRedisCluster cluster,
      Clock clock,
      Map<String, String> extra,
      String apiKey)
      throws IOException {
    String redisUri = redis != null ? redis.uri() : cluster.uri();
    ServiceHost scoring = null;
    ServiceHost ingest = null;
    try {
      // A key with every scope (fresh for this run unless given); the services hold only its
      // hash. Keys of the settings (SWAY_API_KEYS, from 'sway keygen') are accepted beside it.
      String key = apiKey != null ? apiKey : ApiKeys.newKey();
      Map<String, String> common = new HashMap<>();
      String own =
          ApiKeys.entry(
              "local", Set.of(ApiKeys.ADMIN, ApiKeys.INGEST_WRITE, ApiKeys.QUERY_READ), key);
      String configured = extra.getOrDefault("api-keys", "").strip();
      common.put("api-keys", configured.isEmpty() ? own : own + "," + configured);
      common.put("redis-uri", redisUri);
      common.put("metrics-port", o.metrics() ? "0" : "-1");
      common.put("drain-ms", "2000");
      common.put("bind-address", o.bindAddress());
      // A privacy key of this run only: the local Redis lives no longer than the stack.
      common.put("privacy-key", newPrivacyKey());
      extra.forEach(
          (k, v) -> {
            if (!k.equals("api-keys")) {
              common.put(k, v);
            }
          });
      Map<String, String> s = new HashMap<>(common);
      s.put("grpc-port", Integer.toString(o.scoringPort()));
      s.put("sweep-interval-ms", Long.toString(o.sweepIntervalMs()));
      scoring = ScoringServer.start(Settings.ofMap(s), clock);
      Map<String, String> i = new HashMap<>(common);
      i.put("grpc-port", Integer.toString(o.ingestPort()));
      i.put("scoring-target", "127.0.0.1:" + scoring.port());
      ingest = IngestServer.start(Settings.ofMap(i), clock);
      Map<String, String> q = new HashMap<>(common);
      q.put("grpc-port", Integer.toString(o.queryPort()));
      q.put("calibration-refresh-ms", "500");
      q.putIfAbsent("http-port", "0");
      ServiceHost query = QueryServer.start(Settings.ofMap(q));
      return new LocalStack(redis, cluster, scoring, ingest, query, key);
    } catch (IOException | RuntimeException e) {
      if (ingest != null) {
        ingest.close();
      }
      if (scoring != null) {
        scoring.close();
      }
      closeRedis(redis, cluster);
      throw e;
    }
  }

  /**
   * Waits until the scoring service's decay sweep has finished the pass of the score clock's
   * current day, so every idle account shows its decayed score. False on timeout.
   */
  public boolean awaitDecaySweep(long timeoutMs) throws InterruptedException {
    try (RedisConnector c = RedisConnector.connect(redisUri(), 2000)) {
      var sync = c.sync();
      long deadline = System.currentTimeMillis() + timeoutMs;
      while (System.currentTimeMillis() < deadline) {
        String clock = sync.get(RedisKeys.SCORE_CLOCK);
        Map<String, String> sweep = sync.hgetall(RedisKeys.SWEEP);
        if (clock == null
            || (Long.toString(Math.floorDiv(Long.parseLong(clock), 86_400_000L))
                    .equals(sweep.get("day"))
                && "1".equals(sweep.get("done")))) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }
  }

  /**
   * Closes the stack, Redis included, when the JVM is stopped (Ctrl-C, TERM): a signal skips the
   * caller's own close. Returns a latch that opens once it is closed; await it to keep running.
   */
  public CountDownLatch closeOnExit() {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping...");
                  close();
                  stopped.countDown();
                }));
    return stopped;
  }

  /** The stack's Redis; on a cluster, its first master. */
  public LocalRedis redis() {
    return redis != null ? redis : cluster.masters().get(0);
  }

  /** The URI the services were given ({@code redis://…} or {@code redis-cluster://…}). */
  public String redisUri() {
    return redis != null ? redis.uri() : cluster.uri();
  }

  /** The stack's Redis Cluster, or null when it runs on one Redis. */
  public LocalRedisCluster cluster() {
    return cluster;
  }

  private static void closeRedis(LocalRedis redis, LocalRedisCluster cluster) {
    if (redis != null) {
      redis.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  public ServiceHost scoring() {
    return scoring;
  }

  public ServiceHost ingest() {
    return ingest;
  }

  public ServiceHost query() {
    return query;
  }

  /** The API key this stack accepts (every scope). */
  /** A random privacy key (32 bytes, base64), as the privacy-key setting takes it. */
  static String newPrivacyKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  public String apiKey() {
    return apiKey;
  }

  /** A client of this stack's public services, with its key. */
  public SwayClient client(long deadlineMs) {
    return new SwayClient(ingestTarget(), queryTarget(), deadlineMs, apiKey);
  }

  public String ingestTarget() {
    return "127.0.0.1:" + ingest.port();
  }

  /** The query service's HTTP/JSON address ({@code http://127.0.0.1:port}). */
  public String httpAddress() {
    return "http://127.0.0.1:" + query.httpPort();
  }

  public String queryTarget() {
    return "127.0.0.1:" + query.port();
  }

  @Override
  public void close() {
    ingest.close();
    query.close();
    scoring.close();
    closeRedis(redis, cluster);
  }
}
