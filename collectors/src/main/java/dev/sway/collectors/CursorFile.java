package dev.sway.collectors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The stream position acknowledged by ingest, in a file of one number. Written to a temporary file,
 * forced to disk and renamed over the old one, so a kill at any moment leaves either the old or the
 * new position, never a torn one.
 */
final class CursorFile {
  private final Path path;

  /** {@code path} null: positions are not kept (a network that cannot replay). */
  CursorFile(Path path) {
    this.path = path;
  }

  /** The saved position, or -1 when there is none or it cannot be read. */
  long read() {
    if (path == null || !Files.isRegularFile(path)) {
      return -1;
    }
    try {
      return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  void write(long cursor) throws IOException {
    if (path == null || cursor < 0) {
      return;
    }
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(path.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap((cursor + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
