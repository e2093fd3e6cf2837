package dev.sway.cli;

import dev.sway.store.RedisConnector;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Redis and the three services for one test class, with a client holding the stack's API key (also
 * given to the CLI through the {@code sway.api.key} property) and, on demand, a direct Redis
 * connection for checking what is stored. Public for the suites of other packages of this module.
 */
public final class LocalStackExtension implements BeforeAllCallback, AfterAllCallback {
  private LocalStack stack;
  private SwayClient client;
  private RedisConnector redis;
  private final Map<String, String> settings;

  LocalStackExtension() {
    this(Map.of());
  }

  /** A stack whose services also get {@code settings} (for example {@code scoring-mode}). */
  public LocalStackExtension(Map<String, String> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stack = LocalStack.startWith(settings);
    client = stack.client(20_000);
    System.setProperty("sway.api.key", stack.apiKey());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (redis != null) {
      redis.close();
    }
    client.close();
    stack.close();
  }

  /** The running stack (between the class's first and last test). */
  public LocalStack stack() {
    return stack;
  }

  /** A client of the stack with its key of every scope, 20 s deadlines. */
  public SwayClient client() {
    return client;
  }

  /** A Redis connection of the test's own, to look at what the services stored. */
  synchronized RedisConnector redis() {
    if (redis == null) {
      redis = RedisConnector.connect(stack.redisUri(), 5000);
    }
    return redis;
  }
}
