package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.RawHistogram;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisKeys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a Redis Cluster the histogram moves of a batch reach the histogram through the slots'
 * journals: a writer that dies after storing its accounts but before folding their moves loses none
 * of them, and no move is counted twice, whoever folds it and however often.
 */
class CalibrationJournalClusterTest {
  static RedisScoring local;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.startCluster();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  @AfterEach
  void foldAgain() {
    local.store.foldAfterWrite = true;
  }

  private static RawHistogram fromRecords() {
    RawHistogram h = new RawHistogram();
    for (String key : local.sync.keys(RedisKeys.ALL_ACCOUNTS)) {
      AccountRecord r = local.record(key.substring(8, key.length() - 1));
      if (r.score != null) {
        h.add(r.score.raw());
      }
    }
    return h;
  }

  private static RawHistogram stored() {
    byte[] bytes = local.connector.getBytes(RedisKeys.CALIBRATION_HISTOGRAM).join();
    return bytes == null ? new RawHistogram() : RawHistogram.fromBytes(bytes);
  }

  @Test
  void movesLeftUnfoldedByADeadWriterAreFoldedOnceAtStartUp() {
    local.scorer.apply(List.of(), DeterminismRedisTest.load(600, 3));
    assertThat(stored()).isEqualTo(fromRecords());

    // The writer "dies" after storing the next batch: its records are there, their moves not.
    local.store.foldAfterWrite = false;
    local.scorer.apply(List.of(), DeterminismRedisTest.load(900, 4).subList(600, 900));
    RawHistogram expected = fromRecords();
    assertThat(stored()).isNotEqualTo(expected);

    // A scoring service starting folds what the journals hold; folding again changes nothing.
    local.store.journal().foldAll();
    assertThat(stored()).isEqualTo(expected);
    local.store.journal().foldAll();
    assertThat(stored()).isEqualTo(expected);
    assertThat(stored().total())
        .isEqualTo(local.store.boards().size(local.sync, RedisKeys.LEADERBOARD_ALL));
  }

  @Test
  void theNextWriteOfASlotFoldsWhatADeadWriterLeftThere() {
    local.store.foldAfterWrite = false;
    local.scorer.apply(List.of(), DeterminismRedisTest.load(400, 5));
    assertThat(stored()).isNotEqualTo(fromRecords());

    // The same accounts written again (their slots' journals returned whole) by a live writer.
    local.store.foldAfterWrite = true;
    local.scorer.apply(List.of(), DeterminismRedisTest.load(800, 5).subList(400, 800));
    assertThat(stored()).isEqualTo(fromRecords());
  }
}
