package dev.sway.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The ports {@code sway up} listens on, each with the flag that sets it. They are checked before
 * anything starts, so that a port another program holds is reported by number and flag, with
 * nothing started and no folder made; and they are kept in {@code --data DIR}, so that a folder
 * started on other ports comes back on them (the exports printed for another shell stay right).
 */
final class StackPorts {
  static final String FILE = "ports.properties";

  /** Flag → port, in the order they are reported; 0 means any free port. */
  private final Map<String, Integer> ports;

  StackPorts(Map<String, Integer> ports) {
    this.ports = new LinkedHashMap<>(ports);
  }

  int get(String flag) {
    return ports.get(flag);
  }

  /**
   * These ports with those remembered in {@code dir}, for the flags not given on this command line.
   */
  StackPorts withRemembered(Path dir, java.util.function.Predicate<String> given)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return this;
    }
    Properties saved = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      saved.load(r);
    }
    Map<String, Integer> merged = new LinkedHashMap<>(ports);
    for (String flag : ports.keySet()) {
      String v = saved.getProperty(flag);
      if (v != null && !given.test(flag)) {
        try {
          merged.put(flag, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
          throw CliException.invalid(
              dir.resolve(FILE) + ": " + flag + " is not a port: '" + v + "'; fix or delete it");
        }
      }
    }
    return new StackPorts(merged);
  }

  /** Writes these ports to {@code dir}, for the next start on the same folder. */
  void remember(Path dir) throws IOException {
    Properties p = new Properties();
    ports.forEach((flag, port) -> p.setProperty(flag, Integer.toString(port)));
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "the ports 'sway up --data' listens on; a flag on the command line wins");
    }
  }

  /**
   * Fails, naming the port and its flag, when a fixed port cannot be bound on {@code listen}. A
   * port that is free now may still be taken before the service binds it; the service then fails
   * with the same naming (runtime's Listening).
   */
  void checkFree(String listen) {
    InetAddress address;
    try {
      address = InetAddress.getByName(listen);
    } catch (IOException e) {
      throw CliException.invalid("--listen " + listen + " is not an address of this machine");
    }
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      int port = e.getValue();
      if (port == 0) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(address, port));
      } catch (IOException busy) {
        throw CliException.invalid(
            "port "
                + port
                + " on "
                + listen
                + " is in use by another program ("
                + e.getKey()
                + "): stop that program, or choose another port with "
                + e.getKey()
                + " (0 picks a free one)");
      }
    }
  }
}
