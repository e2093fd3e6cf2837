package dev.sway.cli;

import picocli.CommandLine.Option;

/** What the ranked lists ({@code top}, {@code movers}) share: scope, page and output. */
final class ListOptions {
  @Option(names = "--network", description = "Only this network.")
  String network;

  @Option(names = "--topic", description = "Only accounts ranked on this topic.")
  String topic;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "10",
      description = "Rows, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--page-token", description = "Continue from a previous page.")
  String pageToken;

  @Option(names = "--json", description = "Print JSON (docs/cli.md) instead of a table.")
  boolean json;

  /** The page size asked for, checked: 0 would mean the service's default, not "none". */
  int limit() {
    return checkLimit(limit);
  }

  static int checkLimit(int n) {
    if (n < 1 || n > 1000) {
      throw CliException.invalid("-n/--limit must be between 1 and 1000; got " + n);
    }
    return n;
  }

  String network() {
    return network == null ? "" : network;
  }

  String topic() {
    return topic == null ? "" : topic;
  }

  String pageToken() {
    return pageToken == null ? "" : pageToken;
  }

  /** The line that tells how to get the next page, when there is one. */
  static void nextPage(String token) {
    if (!token.isEmpty()) {
      System.out.println("next page: --page-token " + token);
    }
  }
}
