package dev.sway.query;

import io.lettuce.core.RedisException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One {@code MGET}: which read and which of its keys each reply element belongs to. The reply's
 * values go straight into the reads' arrays as they are decoded, with no list in between.
 */
final class Mget extends CommandOutput<String, byte[], Void> {
  private RecordBatcher.Read[] owners;
  private int[] positions;
  private int size;
  private int next;
  private final CommandArgs<String, byte[]> args = new CommandArgs<>(RecordBatcher.CODEC);

  Mget(int capacity) {
    super(RecordBatcher.CODEC, null);
    owners = new RecordBatcher.Read[Math.max(1, capacity)];
    positions = new int[owners.length];
  }

  /** Keys carried so far. */
  int size() {
    return size;
  }

  void add(RecordBatcher.Read r, int i) {
    if (size == owners.length) {
      owners = Arrays.copyOf(owners, size * 2);
      positions = Arrays.copyOf(positions, size * 2);
    }
    // A read counts each command that carries its keys once; its keys in a command are adjacent.
    if (size == 0 || owners[size - 1] != r) {
      RecordBatcher.Read.LEFT.getAndAdd(r, 1);
    }
    owners[size] = r;
    positions[size] = i;
    size++;
    args.addKey(r.keys[i]);
  }

  AsyncCommand<String, byte[], Void> command() {
    return new AsyncCommand<>(new Command<>(CommandType.MGET, this, args));
  }

  @Override
  public void set(ByteBuffer bytes) {
    if (next < size) {
      byte[] value = null;
      if (bytes != null) {
        value = new byte[bytes.remaining()];
        bytes.get(value);
      }
      owners[next].values[positions[next]] = value;
    }
    next++;
  }

  /** Tells each read carried here that this command answered (with values, or {@code e}). */
  void answer(Throwable e) {
    Throwable error = e == null && next != size ? new RedisException("short MGET reply") : e;
    for (int i = 0; i < size; i++) {
      if (i == 0 || owners[i - 1] != owners[i]) {
        owners[i].answered(error);
      }
    }
  }
}
