package dev.sway.cli.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.StreamInteractionsRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Puts everything a load holds — interactions and profile snapshots from any number of files, in
 * any order — into one order by event time before it is sent, in bounded memory: an external merge
 * sort. Items are kept in memory up to {@link #DEFAULT_RUN_ITEMS}; beyond that each full buffer is
 * sorted and written to a temporary run file, and the runs are merged as the batches are read.
 *
 * <p>Why: the scoring service weighs an engagement by the engager's state when it is applied, and
 * closes a day's history point when a later day's event arrives. A feed in time order is therefore
 * scored as it happened, whatever the files' order, their split or the rows' order inside them.
 * Ties are broken by content alone (a snapshot before an interaction of the same instant, as the
 * service places them; then the event id or the account; then the encoded item), so the same set of
 * items always gives the same stream.
 */
public final class TimeOrder implements AutoCloseable {
  /** Items held in memory before a run is written (about 40 MB of typical items). */
  public static final int DEFAULT_RUN_ITEMS = 200_000;

  private static final Comparator<Item> ORDER =
      Comparator.comparingLong(Item::timeMs)
          .thenComparing(i -> !i.snapshot())
          .thenComparing(Item::key)
          .thenComparing(Item::bytes, Arrays::compare);

  private final int runItems;
  private final List<Item> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private Path dir;
  private long items;

  public TimeOrder() {
    this(DEFAULT_RUN_ITEMS);
  }

  public TimeOrder(int runItems) {
    this.runItems = runItems;
  }

  /** One item with its sort key. */
  record Item(long timeMs, boolean snapshot, String key, byte[] bytes) {}

  public void add(Interaction i) {
    put(new Item(Timestamps.toMillis(i.getEventTime()), false, i.getEventId(), i.toByteArray()));
  }

  public void add(ProfileSnapshot s) {
    String key = s.getAccount().getNetwork() + ":" + s.getAccount().getAccountId();
    put(new Item(Timestamps.toMillis(s.getObserveTime()), true, key, s.toByteArray()));
  }

  /** Every item of a batch. */
  public void addAll(StreamInteractionsRequest batch) {
    batch.getInteractionsList().forEach(this::add);
    batch.getSnapshotsList().forEach(this::add);
  }

  /** Items added so far. */
  public long items() {
    return items;
  }

  /** Run files written so far (0 when everything fitted in memory). */
  public int runs() {
    return runs.size();
  }

  private void put(Item item) {
    buffer.add(item);
    items++;
    if (buffer.size() >= runItems) {
      spill();
    }
  }

  private void spill() {
    buffer.sort(ORDER);
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("sway-ingest-");
      }
      Path run = dir.resolve("run-" + runs.size());
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
        for (Item i : buffer) {
          out.writeLong(i.timeMs());
          out.writeBoolean(i.snapshot());
          out.writeUTF(i.key());
          out.writeInt(i.bytes().length);
          out.write(i.bytes());
        }
      }
      runs.add(run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a sort run to a temporary file", e);
    }
    buffer.clear();
  }

  /**
   * Everything added, in time order, in batches of {@code batchSize} items. Call once, after the
   * last {@code add}.
   */
  public Iterator<StreamInteractionsRequest> batches(int batchSize) {
    Iterator<Item> sorted;
    if (runs.isEmpty()) {
      buffer.sort(ORDER);
      sorted = List.copyOf(buffer).iterator();
      buffer.clear();
    } else {
      if (!buffer.isEmpty()) {
        spill();
      }
      sorted = new Merge(runs);
    }
    return new Batcher(sorted, batchSize);
  }

  @Override
  public void close() {
    if (dir == null) {
      return;
    }
    try {
      for (Path run : runs) {
        Files.deleteIfExists(run);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary directory left behind is cleaned by the system; the load itself is done.
    }
  }

  /** The k-way merge of sorted run files, one item of each in memory. */
  private static final class Merge implements Iterator<Item> {
    private record Head(Item item, DataInputStream in) {}

    private final PriorityQueue<Head> heads =
        new PriorityQueue<>(Comparator.comparing(Head::item, ORDER));

    Merge(List<Path> runs) {
      for (Path run : runs) {
        try {
          DataInputStream in =
              new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
          advance(in);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read a sort run", e);
        }
      }
    }

    private void advance(DataInputStream in) throws IOException {
      try {
        long t = in.readLong();
        boolean snapshot = in.readBoolean();
        String key = in.readUTF();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        heads.add(new Head(new Item(t, snapshot, key, bytes), in));
      } catch (EOFException end) {
        in.close();
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public Item next() {
      Head h = heads.poll();
      if (h == null) {
        throw new NoSuchElementException();
      }
      try {
        advance(h.in());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read a sort run", e);
      }
      return h.item();
    }
  }

  /** Sorted items into requests of at most {@code size} items. */
  private static final class Batcher implements Iterator<StreamInteractionsRequest> {
    private final Iterator<Item> items;
    private final int size;
    private long batchId;

    Batcher(Iterator<Item> items, int size) {
      this.items = items;
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      return items.hasNext();
    }

    @Override
    public StreamInteractionsRequest next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StreamInteractionsRequest.Builder b = StreamInteractionsRequest.newBuilder();
      b.setBatchId(batchId++);
      for (int n = 0; n < size && items.hasNext(); n++) {
        Item i = items.next();
        try {
          if (i.snapshot()) {
            b.addSnapshots(ProfileSnapshot.parseFrom(i.bytes()));
          } else {
            b.addInteractions(Interaction.parseFrom(i.bytes()));
          }
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("a sort run was corrupted", e);
        }
      }
      return b.build();
    }
  }
}
