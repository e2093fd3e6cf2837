package dev.sway.cli;

/** A failure a command explains itself: a message for people and the exit code for scripts. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final ExitCode exit;

  public CliException(ExitCode exit, String message) {
    super(message);
    this.exit = exit;
  }

  /** A value of an option or parameter that cannot be used; the message names the flag. */
  public static CliException invalid(String message) {
    return new CliException(ExitCode.INVALID_ARGUMENT, message);
  }
}
