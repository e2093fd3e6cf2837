package dev.sway.cli;

/**
 * The exit codes of {@code sway}, one meaning each, whether the problem was found by the command
 * itself or by a service. docs/cli.md lists them; a test runs a command for each.
 */
public enum ExitCode {
  OK(0, "success"),
  USAGE(1, "usage: unknown command or option, missing or extra argument; or a local failure"),
  INVALID_ARGUMENT(
      2,
      "invalid argument: a value the command or a service rejects (an account that is not"
          + " NETWORK:ACCOUNT, a bad time or number, a file whose header or format is wrong)"),
  UNAVAILABLE(3, "unavailable: a service could not be reached, did not answer in time, or failed"),
  NOT_FOUND(4, "not found: the account, person, operation or file does not exist"),
  SOME_REJECTED(5, "ingest stored the file but rejected some of its lines"),
  NOT_ALLOWED(6, "not allowed: no API key, an unknown one, or a key without the scope"),
  CONFLICT(
      7,
      "conflict: the request contradicts what is stored (an account linked to another person,"
          + " registering an erased account)");

  public final int code;
  public final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }
}
