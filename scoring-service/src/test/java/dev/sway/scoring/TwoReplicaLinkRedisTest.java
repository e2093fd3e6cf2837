package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two scoring replicas (each its own connection, record cache and PersonAdmin) linking the same
 * account to two persons at the same moment: exactly one wins, and the account's record and the
 * persons' sets agree on which.
 */
class TwoReplicaLinkRedisTest {
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

  @Test
  void ofTwoReplicasLinkingOneAccountToTwoPersonsExactlyOneWins() throws Exception {
    local.flush();
    PersonAdmin a = new PersonAdmin(local.store);
    PersonAdmin b = new PersonAdmin(secondStore);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        String member = "x:acct" + round;
        String pa = "pa" + round % 3;
        String pb = "pb" + round % 3;
        CountDownLatch go = new CountDownLatch(1);
        Future<Boolean> first = pool.submit(() -> linked(a, pa, member, go));
        Future<Boolean> second = pool.submit(() -> linked(b, pb, member, go));
        go.countDown();
        assertThat(first.get() ^ second.get())
            .as("round " + round + ": exactly one link wins")
            .isTrue();
        String owner = local.record(member).personId;
        assertThat(owner).isEqualTo(first.get() ? "pa" + round % 3 : "pb" + round % 3);
        assertThat(local.sync.sismember(RedisKeys.person(owner), member)).isTrue();
        String loser = first.get() ? "pb" + round % 3 : "pa" + round % 3;
        assertThat(local.sync.sismember(RedisKeys.person(loser), member))
            .as("round " + round)
            .isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static boolean linked(PersonAdmin admin, String person, String member, CountDownLatch go)
      throws Exception {
    go.await();
    try {
      admin.link(person, List.of(member));
      return true;
    } catch (PersonAdmin.LinkConflict e) {
      return false;
    }
  }
}
