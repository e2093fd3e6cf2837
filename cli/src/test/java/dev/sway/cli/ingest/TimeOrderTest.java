package dev.sway.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.StreamInteractionsRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeOrderTest {
  private static final long T0 = 1_795_000_000_000L;

  private static AccountRef acct(int i) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId("a" + i).build();
  }

  /** A mix of interactions and snapshots over a few days, many at the same second. */
  private static List<Object> items(long seed) {
    Random rnd = new Random(seed);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      long t = T0 + 1000L * rnd.nextInt(3 * 86_400 / 60) * 60;
      if (i % 5 == 0) {
        out.add(
            ProfileSnapshot.newBuilder()
                .setAccount(acct(rnd.nextInt(50)))
                .setFollowers(rnd.nextInt(1000))
                .setObserveTime(Timestamps.fromMillis(t))
                .build());
      } else {
        out.add(
            Interaction.newBuilder()
                .setEventId("e" + i)
                .setType(InteractionType.INTERACTION_TYPE_LIKE)
                .setActor(acct(rnd.nextInt(50)))
                .setTarget(acct(rnd.nextInt(50)))
                .setEventTime(Timestamps.fromMillis(t))
                .build());
      }
    }
    return out;
  }

  private static List<StreamInteractionsRequest> sorted(List<Object> in, int runItems, int batch) {
    try (TimeOrder order = new TimeOrder(runItems)) {
      for (Object o : in) {
        if (o instanceof Interaction i) {
          order.add(i);
        } else {
          order.add((ProfileSnapshot) o);
        }
      }
      List<StreamInteractionsRequest> out = new ArrayList<>();
      order.batches(batch).forEachRemaining(out::add);
      if (runItems < in.size()) {
        assertThat(order.runs()).isGreaterThan(1);
      }
      return out;
    }
  }

  /** Every item of the stream in order, snapshots and interactions as the service places them. */
  private static List<Long> times(List<StreamInteractionsRequest> batches) {
    List<Long> t = new ArrayList<>();
    for (StreamInteractionsRequest b : batches) {
      List<Long> batchTimes = new ArrayList<>();
      b.getSnapshotsList().forEach(s -> batchTimes.add(Timestamps.toMillis(s.getObserveTime())));
      b.getInteractionsList().forEach(i -> batchTimes.add(Timestamps.toMillis(i.getEventTime())));
      Collections.sort(batchTimes);
      t.addAll(batchTimes);
    }
    return t;
  }

  @Test
  void anyOrderOfTheSameItemsGivesTheSameStreamInTimeOrder() {
    List<Object> items = items(1);
    List<StreamInteractionsRequest> reference = sorted(items, 1_000_000, 700);
    for (long seed = 2; seed < 6; seed++) {
      List<Object> shuffled = new ArrayList<>(items);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(sorted(shuffled, 1_000_000, 700)).isEqualTo(reference);
      // Spilled to runs of 333 items and merged: the same stream.
      assertThat(sorted(shuffled, 333, 700)).isEqualTo(reference);
    }
    List<Long> t = times(reference);
    assertThat(t).hasSize(items.size()).isSorted();
    // Batches follow one another in time: a batch never starts before the previous one ends.
    for (int b = 1; b < reference.size(); b++) {
      assertThat(minTime(reference.get(b))).isGreaterThanOrEqualTo(maxTime(reference.get(b - 1)));
    }
  }

  @Test
  void aSnapshotGoesBeforeAnInteractionOfTheSameInstant() {
    Interaction i =
        Interaction.newBuilder()
            .setEventId("e")
            .setActor(acct(1))
            .setTarget(acct(2))
            .setEventTime(Timestamps.fromMillis(T0))
            .build();
    ProfileSnapshot s =
        ProfileSnapshot.newBuilder()
            .setAccount(acct(1))
            .setObserveTime(Timestamps.fromMillis(T0))
            .build();
    try (TimeOrder order = new TimeOrder(1)) { // every item its own run
      order.add(i);
      order.add(s);
      Iterator<StreamInteractionsRequest> it = order.batches(1);
      assertThat(it.next().getSnapshotsList()).containsExactly(s);
      assertThat(it.next().getInteractionsList()).containsExactly(i);
      assertThat(it.hasNext()).isFalse();
    }
  }

  private static long minTime(StreamInteractionsRequest b) {
    return times(List.of(b)).get(0);
  }

  private static long maxTime(StreamInteractionsRequest b) {
    List<Long> t = times(List.of(b));
    return t.get(t.size() - 1);
  }
}
