package dev.sway.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the ports {@code sway up} is asked for are free, checked before anything starts: a busy
 * port then stops the command with its number and the flag that moves it, instead of a service's
 * "Address already in use" after other services started (and a {@code --data} folder was made).
 */
final class PortCheck {
  private PortCheck() {}

  /**
   * Throws a {@link CliException} naming the first busy port of {@code portsByFlag} (0 means any
   * free port, never busy) on {@code address}.
   */
  static void free(String address, Map<String, Integer> portsByFlag) {
    for (Map.Entry<String, Integer> e : new TreeMap<>(portsByFlag).entrySet()) {
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
                + " ("
                + e.getKey()
                + ") is in use on "
                + address
                + ": stop what holds it (another sway up?), or choose another port with "
                + e.getKey()
                + " N");
      }
    }
  }
}
