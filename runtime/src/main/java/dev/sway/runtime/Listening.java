package dev.sway.runtime;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;

/**
 * Opens a listening port and, when it cannot be had, fails with what an operator needs to fix it:
 * the address and port, and the setting that chose them.
 */
final class Listening {
  private Listening() {}

  /** What opens the port. */
  @FunctionalInterface
  interface Opener {
    void open() throws IOException;
  }

  /**
   * Runs {@code opener}; a failure to bind becomes an {@link IOException} naming {@code
   * bindAddress:port} and the setting {@code settingName} (its flag and environment variable).
   */
  static void open(String settingName, String bindAddress, int port, Opener opener)
      throws IOException {
    try {
      opener.open();
    } catch (IOException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof BindException)) {
        cause = cause.getCause();
      }
      String why = cause != null ? cause.getMessage() : e.getMessage();
      throw new IOException(
          "cannot listen on "
              + bindAddress
              + ":"
              + port
              + " (--"
              + settingName
              + " / SWAY_"
              + settingName.toUpperCase(Locale.ROOT).replace('-', '_')
              + "): "
              + why,
          e);
    }
  }
}
