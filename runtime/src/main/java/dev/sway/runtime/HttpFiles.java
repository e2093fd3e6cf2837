package dev.sway.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The files of a web page, from the class path: {@code /} is the folder's {@code index.html},
 * {@code /static/NAME} the file NAME. Only files that exist there, only GET, and only plain names
 * (no folders, no dots but the extension), so nothing else on the class path can be reached.
 */
final class HttpFiles implements HttpHandler {
  private final String classpathRoot;

  HttpFiles(String classpathRoot) {
    this.classpathRoot = classpathRoot;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String name =
          path.equals("/") ? "index.html" : path.startsWith("/static/") ? path.substring(8) : null;
      if (!"GET".equals(ex.getRequestMethod())
          || name == null
          || !name.matches("[a-z0-9-]+\\.(html|js|css|svg)")) {
        HttpJsonGateway.error(ex, 404, Status.Code.NOT_FOUND.value(), "no page at " + path);
        return;
      }
      try (InputStream in = HttpFiles.class.getResourceAsStream(classpathRoot + "/" + name)) {
        if (in == null) {
          HttpJsonGateway.error(ex, 404, Status.Code.NOT_FOUND.value(), "no page at " + path);
          return;
        }
        byte[] body = in.readAllBytes();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ex.getResponseHeaders()
            .set(
                "Content-Type",
                switch (ext) {
                  case "html" -> "text/html; charset=utf-8";
                  case "js" -> "text/javascript; charset=utf-8";
                  case "css" -> "text/css; charset=utf-8";
                  default -> "image/svg+xml";
                });
        // The page reads the API of its own origin and nothing else.
        ex.getResponseHeaders()
            .set(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
