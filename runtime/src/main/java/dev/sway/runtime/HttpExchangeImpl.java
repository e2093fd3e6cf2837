package dev.sway.runtime;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One request of {@link HttpFront} as the JDK's {@link HttpExchange}, so that handlers written for
 * the JDK's server run unchanged. The answer always ends the connection ({@code Connection:
 * close}): one request per connection keeps a connection's life, and so its bounds, simple.
 */
final class HttpExchangeImpl extends HttpExchange {
  private final String method;
  private final URI uri;
  private final String protocol;
  private final Headers requestHeaders;
  private final Headers responseHeaders = new Headers();
  private final long requestLength;
  private final Socket socket;
  private final ConnectionWatchdog dog;
  private final Map<String, Object> attributes = new HashMap<>();
  private InputStream body;
  private OutputStream rawOut;
  private OutputStream responseBody;
  private int responseCode = -1;

  HttpExchangeImpl(
      String method,
      URI uri,
      String protocol,
      Headers requestHeaders,
      long requestLength,
      Socket socket,
      InputStream in,
      OutputStream out,
      ConnectionWatchdog dog) {
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.requestHeaders = requestHeaders;
    this.requestLength = requestLength;
    this.socket = socket;
    this.dog = dog;
    this.body = new BodyStream(in, requestLength, dog);
    this.rawOut = new BufferedOutputStream(out, 8192);
  }

  long requestBodyLength() {
    return requestLength;
  }

  /** An answer sent piece by piece (an event stream) has moved on: its time bound starts again. */
  void answering() {
    dog.responsePhase();
  }

  /** A short plain-text answer on a connection that has no exchange (a malformed head). */
  static void plain(OutputStream out, int code, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 "
                + code
                + " "
                + reason(code)
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + b.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  /** Answers {@code code} with {@code text} unless the handler already began an answer. */
  void fail(int code, String text) throws IOException {
    if (responseCode < 0) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      responseHeaders.set("Content-Type", "text/plain; charset=utf-8");
      sendResponseHeaders(code, b.length);
      responseBody.write(b);
    }
    close();
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  /** There are no JDK contexts here; no handler of Sway's asks for one. */
  @Override
  public HttpContext getHttpContext() {
    throw new UnsupportedOperationException("HttpFront has no HttpContext objects");
  }

  @Override
  public void close() {
    try {
      if (responseCode < 0) {
        sendResponseHeaders(500, -1);
      }
      responseBody.close();
    } catch (IOException ignored) {
      // the client is gone
    }
  }

  @Override
  public InputStream getRequestBody() {
    return body;
  }

  @Override
  public OutputStream getResponseBody() {
    if (responseBody == null) {
      throw new IllegalStateException("sendResponseHeaders first");
    }
    return responseBody;
  }

  /**
   * As the JDK's: a length above 0 is the body's length, -1 means no body, 0 a body of any length
   * (here ended by closing the connection).
   */
  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    if (responseCode >= 0) {
      throw new IOException("headers already sent");
    }
    responseCode = code;
    dog.responsePhase();
    StringBuilder h = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code));
    h.append("\r\n");
    responseHeaders.remove("Content-Length");
    responseHeaders.remove("Connection");
    responseHeaders.remove("Transfer-Encoding");
    for (Map.Entry<String, java.util.List<String>> e : responseHeaders.entrySet()) {
      for (String v : e.getValue()) {
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
          throw new IOException("header " + e.getKey() + " holds a line break");
        }
        h.append(e.getKey()).append(": ").append(v).append("\r\n");
      }
    }
    if (length > 0) {
      h.append("Content-Length: ").append(length).append("\r\n");
    } else if (length < 0) {
      h.append("Content-Length: 0\r\n");
    }
    // length 0, "any length": the end of the connection ends the body.
    h.append("Connection: close\r\n\r\n");
    rawOut.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    boolean noBody = length < 0 || "HEAD".equals(method) || code == 204 || code == 304;
    responseBody =
        new FilterOutputStream(rawOut) {
          @Override
          public void write(int b) throws IOException {
            if (!noBody) {
              out.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (!noBody) {
              out.write(b, off, len);
            }
          }
        };
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public String getProtocol() {
    return protocol;
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      body = i;
    }
    if (o != null) {
      rawOut = o;
    }
  }

  /** No authenticator runs at this layer: API keys are checked by the services. */
  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }

  static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 204 -> "No Content";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 499 -> "Client Closed Request";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> code < 500 ? "Client Error" : "Server Error";
    };
  }

  /** The request body: exactly Content-Length bytes; its end starts the answer's time bound. */
  private static final class BodyStream extends InputStream {
    private final InputStream in;
    private final ConnectionWatchdog dog;
    private long left;

    BodyStream(InputStream in, long length, ConnectionWatchdog dog) {
      this.in = in;
      this.left = length;
      this.dog = dog;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the body ended before its Content-Length");
      }
      left -= n;
      if (left == 0) {
        dog.responsePhase();
      }
      return n;
    }
  }
}
