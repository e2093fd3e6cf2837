package dev.sway.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  public static Scripts load(RedisClusterAsyncCommands<String, ?> redis, String resource) {
    try (InputStream in = Scripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + resource);
      }
      String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // On a cluster the script is loaded on every master; run() falls back to EVAL anyway.
      String sha = redis.scriptLoad(src).get(30, TimeUnit.SECONDS);
      return new Scripts(src, sha);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + resource, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot load script " + resource + ": " + e.getMessage(), e);
    }
  }

  @SafeVarargs
  public final <T, V> CompletionStage<T> run(
      RedisClusterAsyncCommands<String, V> redis, ScriptOutputType type, String[] keys, V... args) {
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
