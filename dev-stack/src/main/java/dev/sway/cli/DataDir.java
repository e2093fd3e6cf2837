package dev.sway.cli;

import dev.sway.runtime.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * The folder of {@code sway up --data DIR}: Redis' files ({@code redis/}, append-only), the API key
 * ({@code api-key}) and the privacy key ({@code privacy-key}), each made on first use and read back
 * on every later start, so that a restarted stack keeps its data, its key and the erasures it
 * recorded (their hashes need the same privacy key). The key files are readable by their owner
 * only.
 */
final class DataDir {
  private final Path dir;

  private DataDir(Path dir) {
    this.dir = dir;
  }

  static DataDir open(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.invalid("--data " + dir + " is a file; give a folder");
    }
    Files.createDirectories(dir.resolve("redis"));
    return new DataDir(dir);
  }

  Path redis() {
    return dir.resolve("redis");
  }

  String apiKey() throws IOException {
    return secret("api-key", ApiKeys::newKey);
  }

  String privacyKey() throws IOException {
    return secret("privacy-key", LocalStack::newPrivacyKey);
  }

  private String secret(String name, Supplier<String> make) throws IOException {
    Path f = dir.resolve(name);
    if (Files.exists(f)) {
      return Files.readString(f).strip();
    }
    String v = make.get();
    Files.writeString(f, v + "\n");
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions apply.
    }
    return v;
  }
}
