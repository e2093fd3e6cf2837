package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.AccountState;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two scoring replicas on one Redis, each with its own record cache: every batch one applies finds
 * the accounts the other changed since stale in its cache. The read round confirms every cached
 * record against Redis and fetches the ones that moved, so nothing is computed from a stale record:
 * every event is counted once, and the stored states are those a single replica leaves with the
 * same events in the same order.
 */
class StaleCacheRedisTest {
  static final long DAY_MS = 86_400_000L;
  static final long T0 = 1_780_000_000_000L;

  static RedisScoring local;
  static RedisConnector secondConnector;
  static AccountStore secondStore;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
    secondConnector = RedisConnector.connect(local.uri, 5000);
    secondStore = new AccountStore(secondConnector, 3600, 10_000, 100_000);
  }

  @AfterAll
  static void stop() {
    secondConnector.close();
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
    secondStore.invalidateAll();
  }

  /**
   * A small, dense network over three days: every account both engages and is engaged, a pod of two
   * trades engagement, a busy giver engages everyone.
   */
  static List<ModelEvent> load(int n, long seed) {
    Random r = new Random(seed);
    InteractionKind[] kinds = InteractionKind.values();
    List<ModelEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = T0 + (long) i * 3 * DAY_MS / n;
      int actor = r.nextInt(12);
      int target = r.nextInt(8);
      if (i % 4 == 0) {
        actor = i % 8 == 0 ? 100 : 101;
        target = i % 8 == 0 ? 101 : 100;
      } else if (i % 7 == 0) {
        actor = 200;
      }
      if (actor == target) {
        target = (target + 1) % 8;
      }
      List<String> topics = r.nextInt(3) == 0 ? List.of("t" + r.nextInt(3)) : List.of();
      out.add(
          new ModelEvent(
              "e" + i, kinds[r.nextInt(kinds.length)], "x:u" + actor, "x:u" + target, topics, t));
    }
    return out;
  }

  /** One delivery of a batch and the replica it goes to. */
  record Delivery(int replica, List<ModelEvent> events, boolean redelivery) {}

  /**
   * Batches of {@code size} alternating between the replicas; every third batch is then delivered
   * again to the other replica, and some others again together with the next batch (redelivered and
   * new events in one).
   */
  static List<Delivery> deliveries(List<ModelEvent> events, int size) {
    List<Delivery> out = new ArrayList<>();
    int replica = 0;
    int batch = 0;
    for (int i = 0; i < events.size(); i += size, batch++) {
      List<ModelEvent> b = events.subList(i, Math.min(events.size(), i + size));
      out.add(new Delivery(replica, b, false));
      replica = 1 - replica;
      if (batch % 3 == 1) {
        out.add(new Delivery(replica, b, true));
        replica = 1 - replica;
      } else if (batch % 5 == 2 && i + size < events.size()) {
        List<ModelEvent> joined = new ArrayList<>(b);
        joined.addAll(events.subList(i + size, Math.min(events.size(), i + 2 * size)));
        out.add(new Delivery(replica, joined, false));
        replica = 1 - replica;
        i += size;
        batch++;
      }
    }
    return out;
  }

  /** Every stored account, by member. */
  static Map<String, AccountRecord> stored() {
    Map<String, AccountRecord> out = new TreeMap<>();
    for (String key : local.sync.keys(RedisKeys.ALL_ACCOUNTS)) {
      String member = key.substring("sway:a:{".length(), key.length() - 1);
      out.put(member, local.record(member));
    }
    return out;
  }

  /**
   * The fields of a record that count events and keep their times: what the version check alone
   * keeps exact, whatever the records a writer computed from.
   */
  static Map<String, String> counted(AccountRecord r) {
    AccountState s = r.state;
    Map<String, String> f = new TreeMap<>();
    f.put("followers", Long.toString(s.followers));
    f.put("following", Long.toString(s.following));
    f.put("posts", Long.toString(s.posts));
    f.put("snapshotMs", Long.toString(s.snapshotMs));
    f.put("engagers", Double.toString(s.engagers));
    f.put("givenDay", Long.toString(s.givenDay));
    f.put("givenCount", Long.toString(s.givenCount));
    f.put("lastGivenMs", Long.toString(s.lastGivenMs));
    f.put("sweptDay", Long.toString(s.sweptDay));
    f.put("interactions", Long.toString(s.interactions));
    f.put("lastEventMs", Long.toString(s.lastEventMs));
    f.put("topics", new TreeSet<>(s.topics.keySet()).toString());
    List<String> pairs = new ArrayList<>();
    s.engagerTable.forEach(
        (engager, p) -> pairs.add(engager + "=" + p.scaledMass + "@" + p.lastMs));
    f.put("engagerTable", pairs.toString());
    f.put("scored", Boolean.toString(r.score != null));
    if (r.score != null) {
      f.put("score.scoredAtMs", Long.toString(r.score.scoredAtMs()));
      f.put("score.modelVersion", r.score.modelVersion());
      f.put("score.topics", new TreeSet<>(r.score.topicRaws().keySet()).toString());
    }
    f.put("personId", String.valueOf(r.personId));
    f.put("lastHistoryDay", Long.toString(r.lastHistoryDay));
    return f;
  }

  /** Every field of a record that states what it is, not when it was written. */
  static Map<String, String> all(AccountRecord r) {
    AccountState s = r.state;
    Map<String, String> f = counted(r);
    f.put("amplification", Double.toString(s.amplification));
    f.put("authority", Double.toString(s.authority));
    f.put("posting", Double.toString(s.posting));
    f.put("authored", Double.toString(s.authored));
    f.put("topics", new TreeMap<>(s.topics).toString());
    if (r.score != null) {
      f.put("score.raw", Double.toString(r.score.raw()));
      f.put("score.components", r.score.components().toString());
      f.put("score.distinctEngagers", Long.toString(r.score.distinctEngagers()));
      f.put("score.topicRaws", new TreeMap<>(r.score.topicRaws()).toString());
    }
    return f;
  }

  /** The fields that differ between two runs' stores, as "member.field: got != expected". */
  static List<String> differences(
      Map<String, AccountRecord> got,
      Map<String, AccountRecord> expected,
      Function<AccountRecord, Map<String, String>> fields) {
    List<String> out = new ArrayList<>();
    Set<String> members = new TreeSet<>(got.keySet());
    members.addAll(expected.keySet());
    for (String m : members) {
      if (!got.containsKey(m) || !expected.containsKey(m)) {
        out.add(m + ": stored in one run only");
        continue;
      }
      Map<String, String> g = fields.apply(got.get(m));
      Map<String, String> e = fields.apply(expected.get(m));
      for (String k : e.keySet()) {
        if (!e.get(k).equals(g.get(k))) {
          out.add(m + "." + k + ": " + g.get(k) + " != " + e.get(k));
        }
      }
    }
    return out;
  }

  static double casRetries(SimpleMeterRegistry registry) {
    return registry.get("sway.scoring.cas.retries").counter().count();
  }

  /** The stores two replicas and one replica leave after the same deliveries. */
  record Runs(
      Map<String, AccountRecord> twoReplicas,
      Map<String, AccountRecord> oneReplica,
      double retriesA,
      double retriesB) {}

  static Runs run(List<ModelEvent> events, List<Delivery> deliveries) {
    SimpleMeterRegistry registryA = new SimpleMeterRegistry();
    SimpleMeterRegistry registryB = new SimpleMeterRegistry();
    BatchScorer[] replicas = {
      new BatchScorer(local.model, local.store, Clock.systemUTC(), new ScoringMetrics(registryA)),
      new BatchScorer(local.model, secondStore, Clock.systemUTC(), new ScoringMetrics(registryB)),
    };
    int accepted = 0;
    for (Delivery d : deliveries) {
      ApplyResult r = replicas[d.replica()].apply(List.of(), d.events());
      if (d.redelivery()) {
        assertThat(r.accepted()).isZero();
        assertThat(r.duplicates()).isEqualTo(d.events().size());
      }
      accepted += r.accepted();
    }
    Map<String, AccountRecord> twoReplicas = stored();
    assertThat(accepted).isEqualTo(events.size());
    // Stale cached records were refreshed by the read round, not discovered by a refused write:
    // with one writer at a time, no write is refused.
    assertThat(casRetries(registryA) + casRetries(registryB)).isZero();

    // The same deliveries on one replica, from an empty Redis and empty caches.
    local.flush();
    secondStore.invalidateAll();
    SimpleMeterRegistry single = new SimpleMeterRegistry();
    BatchScorer one =
        new BatchScorer(local.model, local.store, Clock.systemUTC(), new ScoringMetrics(single));
    int acceptedOnce = 0;
    for (Delivery d : deliveries) {
      acceptedOnce += one.apply(List.of(), d.events()).accepted();
    }
    assertThat(acceptedOnce).isEqualTo(events.size());
    assertThat(casRetries(single)).isZero();
    return new Runs(twoReplicas, stored(), casRetries(registryA), casRetries(registryB));
  }

  @Test
  void twoReplicasWithStaleCachesCountEveryEventOnce() {
    List<ModelEvent> events = load(600, 11);
    List<Delivery> deliveries = deliveries(events, 20);
    assertThat(deliveries.stream().filter(Delivery::redelivery).count()).isGreaterThan(5);
    Runs runs = run(events, deliveries);

    Map<String, Long> received = new HashMap<>();
    Map<String, Long> given = new HashMap<>();
    for (ModelEvent e : events) {
      received.merge(e.target(), 1L, Long::sum);
      given.merge(e.actor(), 1L, Long::sum);
    }
    received.forEach(
        (m, n) -> assertThat(runs.twoReplicas().get(m).state.interactions).as(m).isEqualTo(n));
    assertThat(runs.twoReplicas().keySet()).containsAll(given.keySet());
    assertThat(runs.retriesA()).isZero();
    assertThat(runs.retriesB()).isZero();
    assertThat(runs.oneReplica()).hasSizeGreaterThan(10);
    assertThat(runs.twoReplicas().keySet()).isEqualTo(runs.oneReplica().keySet());
    // Counters, times, pair tables: field by field what one replica stores.
    assertThat(differences(runs.twoReplicas(), runs.oneReplica(), StaleCacheRedisTest::counted))
        .isEmpty();
  }

  /**
   * Every field, the weighted sums included. A replica computes a batch from the records it cached;
   * where one of them is stale, the write of that account is refused, but the writes of the other
   * accounts of the batch, computed with it (the engager's daily reaction count, score and reverse
   * pair mass on a target's side, the farm and pod credit on an actor's side), are stored.
   */
  @Test
  void twoReplicasWithStaleCachesStoreWhatOneStores() {
    List<ModelEvent> events = load(600, 11);
    Runs runs = run(events, deliveries(events, 20));
    assertThat(differences(runs.twoReplicas(), runs.oneReplica(), StaleCacheRedisTest::all))
        .isEmpty();
  }

  /**
   * The smallest case of the above: one replica caches an engager that then, through the other
   * replica, hands out more reactions than the farm limit; the first replica's next event of that
   * engager credits its target in full.
   */
  @Test
  void aTargetIsCreditedFromItsEngagersStoredState() {
    List<ModelEvent> first =
        List.of(new ModelEvent("p0", InteractionKind.LIKE, "x:farm", "x:other", List.of(), T0));
    List<ModelEvent> many = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      many.add(
          new ModelEvent(
              "m" + i, InteractionKind.LIKE, "x:farm", "x:v" + i, List.of(), T0 + 1 + i));
    }
    List<ModelEvent> last =
        List.of(new ModelEvent("z", InteractionKind.LIKE, "x:farm", "x:t", List.of(), T0 + 100));
    List<ModelEvent> events = new ArrayList<>(first);
    events.addAll(many);
    events.addAll(last);
    List<Delivery> deliveries =
        List.of(
            new Delivery(0, first, false),
            new Delivery(1, many, false),
            new Delivery(0, last, false));
    Runs runs = run(events, deliveries);

    assertThat(runs.oneReplica().get("x:farm").state.givenCount).isEqualTo(82);
    assertThat(runs.twoReplicas().get("x:t").state.amplification)
        .isEqualTo(runs.oneReplica().get("x:t").state.amplification);
  }
}
