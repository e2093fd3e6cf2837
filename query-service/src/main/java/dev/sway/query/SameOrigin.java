package dev.sway.query;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser sent a request from this server's own pages: {@code Origin}'s host and port
 * equal {@code Host}'s (the scheme is not compared: behind a proxy that ends TLS the page is HTTPS
 * while the request reaching here is HTTP), or, without an Origin, {@code Sec-Fetch-Site} says
 * same-origin or none (typed by the user). A request with neither header is not from a browser
 * (curl, a script) and cannot be a forgery made in someone's browser.
 */
final class SameOrigin {
  private SameOrigin() {}

  static boolean of(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null) {
      if (host == null || origin.equals("null")) {
        return false;
      }
      try {
        URI o = URI.create(origin);
        String authority = o.getRawAuthority();
        return authority != null
            && authority.toLowerCase(Locale.ROOT).equals(withPort(host, o.getScheme()));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
    return site == null || site.equals("same-origin") || site.equals("none");
  }

  /** {@code host} as an Origin spells it: the default port of the Origin's scheme left out. */
  private static String withPort(String host, String scheme) {
    String h = host.toLowerCase(Locale.ROOT);
    String dflt = "https".equals(scheme) ? ":443" : ":80";
    return h.endsWith(dflt) ? h.substring(0, h.length() - dflt.length()) : h;
  }
}
