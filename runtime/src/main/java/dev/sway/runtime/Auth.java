package dev.sway.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Reads the authentication settings: {@code --auth} / {@code SWAY_AUTH} ({@code on}, the default,
 * or {@code off} — only for local runs) and {@code --api-keys} / {@code SWAY_API_KEYS} (salted
 * hashes, see {@link ApiKeys}). Auth on with no keys is a configuration error, so a service never
 * runs open by accident.
 */
public final class Auth {
  private static final Logger log = Logger.getLogger(Auth.class.getName());

  private Auth() {}

  /** The interceptor to install, or null when auth is explicitly off. */
  public static AuthInterceptor interceptor(
      String service, Settings settings, String defaultScope, Map<String, String> scopeByMethod) {
    String mode = settings.get(ServerSettings.AUTH);
    if (mode.equals("off")) {
      log.warning(service + ": authentication is OFF (--auth=off); use only on a private machine");
      return null;
    }
    if (!mode.equals("on")) {
      throw new IllegalArgumentException("auth must be 'on' or 'off', got '" + mode + "'");
    }
    ApiKeys keys =
        ApiKeys.parse(Objects.requireNonNullElse(settings.get(ServerSettings.API_KEYS), ""));
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          service
              + ": authentication is on but no API keys are configured:"
              + " set SWAY_API_KEYS (see 'sway keygen'), or --auth=off for a local run");
    }
    return new AuthInterceptor(keys, defaultScope, scopeByMethod);
  }

  /**
   * An interceptor that checks only {@code adminMethods} (full names), for the admin scope, or null
   * when auth is explicitly off. Without configured keys those methods are refused
   * (UNAUTHENTICATED) and the service still starts: its other calls need no key.
   */
  public static AuthInterceptor adminInterceptor(
      String service, Settings settings, Set<String> adminMethods) {
    String mode = settings.get(ServerSettings.AUTH);
    if (mode.equals("off")) {
      log.warning(
          service
              + ": authentication is OFF (--auth=off): administrative calls are open to anyone"
              + " who reaches the port; use only on a private machine");
      return null;
    }
    ApiKeys keys =
        ApiKeys.parse(Objects.requireNonNullElse(settings.get(ServerSettings.API_KEYS), ""));
    if (keys.isEmpty()) {
      log.warning(
          service
              + ": no API keys configured (SWAY_API_KEYS): administrative calls will be refused");
    }
    Map<String, String> scopes = new HashMap<>();
    adminMethods.forEach(m -> scopes.put(m, ApiKeys.ADMIN));
    return new AuthInterceptor(keys, null, scopes);
  }
}
