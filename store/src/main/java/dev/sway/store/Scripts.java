package dev.sway.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run by SHA, falling back to EVAL (which also loads it) when Redis does not know the
 * SHA, for example after a restart or a failover.
 */
public final class Scripts {
  private final String source;
  private final String sha;

  private Scripts(String source, String sha) {
    this.source = source;
    this.sha = sha;
  }

  /** Loads a script from this package's resources. */
  public static Scripts load(RedisAsyncCommands<String, ?> redis, String resource) {
    try (InputStream in = Scripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + resource);
      }
      String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String sha = redis.getStatefulConnection().sync().scriptLoad(src);
      return new Scripts(src, sha);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SafeVarargs
  public final <T, V> CompletionStage<T> run(
      RedisAsyncCommands<String, V> redis, ScriptOutputType type, String[] keys, V... args) {
    CompletionStage<T> first = redis.evalsha(sha, type, keys, args);
    return first
        .handle(
            (v, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(v);
              }
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof RedisNoScriptException) {
                CompletionStage<T> again = redis.eval(source, type, keys, args);
                return again.toCompletableFuture();
              }
              return CompletableFuture.<T>failedFuture(cause);
            })
        .thenCompose(f -> f);
  }
}
