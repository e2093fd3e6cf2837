package dev.sway.cli;

import dev.sway.runtime.ApiKeys;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway keygen NAME}: a new API key and the salted-hash entry the services are given. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = "Make an API key. Give the key to the client; put the entry in SWAY_API_KEYS.")
final class KeygenCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "Who the key is for, e.g. crawler-1.")
  String name;

  @Option(
      names = "--scope",
      split = ",",
      defaultValue = "query:read",
      description = "ingest:write, query:read and/or admin (default ${DEFAULT-VALUE}).")
  Set<String> scopes;

  @Override
  public Integer call() {
    String key = ApiKeys.newKey();
    String entry = ApiKeys.entry(name, scopes, key);
    ApiKeys.parse(entry); // rejects unknown scopes
    System.out.println("key    " + key);
    System.out.println("entry  " + entry);
    return 0;
  }
}
