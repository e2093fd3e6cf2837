package dev.sway.runtime;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server for the gateway and the web page, one request per connection, whose
 * handlers are the JDK's {@link HttpHandler}s.
 *
 * <p>Why not {@code com.sun.net.httpserver.HttpServer}: it reads request headers on its executor's
 * threads, so as many clients sending their headers slowly as that executor has threads freeze
 * every other client; its only bounds ({@code sun.net.httpserver.maxReqTime}, {@code
 * maxConnections}) are JVM-wide system properties read once, in whole seconds, and it learns a
 * client's address only after the headers, too late to limit connections per client. Netty's HTTP
 * codec is not on the class path (grpc-netty-shaded hides its copy). Here every connection has a
 * thread of a pool bounded by {@link HttpLimits#maxConnections}, a client address may hold only
 * {@link HttpLimits#maxConnectionsPerAddress}, checked when the connection is accepted, and a
 * watchdog closes a connection whose headers, body or response take longer than their bound
 * (closing the socket ends a blocked read or write at once, however slowly the bytes trickle).
 */
final class HttpFront implements AutoCloseable {
  private static final Logger log = Logger.getLogger(HttpFront.class.getName());
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_HEADERS = 100;

  private final ServerSocket socket;
  private final HttpLimits limits;
  private final long responseTimeoutMs;
  private final ThreadPoolExecutor connections;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();

  /** Handlers by path prefix; the longest matching prefix wins, as in the JDK's server. */
  private final Map<String, HttpHandler> contexts =
      new ConcurrentSkipListMap<>(
          (a, b) -> a.length() != b.length() ? b.length() - a.length() : a.compareTo(b));

  private volatile boolean closed;

  /**
   * Listens on {@code bindAddress:port} (0: a free port); {@code responseTimeoutMs} bounds a
   * handler's work and the sending of its answer once the request has arrived.
   */
  static HttpFront start(String bindAddress, int port, HttpLimits limits, long responseTimeoutMs)
      throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(bindAddress, port), 128);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    HttpFront front = new HttpFront(s, limits, responseTimeoutMs);
    Thread acceptor = new Thread(front::acceptLoop, "http-accept-" + front.port());
    acceptor.setDaemon(true);
    acceptor.start();
    return front;
  }

  private HttpFront(ServerSocket socket, HttpLimits limits, long responseTimeoutMs) {
    this.socket = socket;
    this.limits = limits;
    this.responseTimeoutMs = responseTimeoutMs;
    // No queue: a connection gets a thread at once or is refused; threads beyond four go when idle.
    this.connections =
        new ThreadPoolExecutor(
            Math.min(4, limits.maxConnections()),
            limits.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "http-conn");
              t.setDaemon(true);
              return t;
            });
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "http-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.setRemoveOnCancelPolicy(true);
  }

  void context(String pathPrefix, HttpHandler handler) {
    contexts.put(pathPrefix, handler);
  }

  int port() {
    return socket.getLocalPort();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket c;
      try {
        c = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          // Out of file descriptors, say: pause rather than spin on the failing accept.
          log.log(Level.WARNING, "HTTP accept failed", e);
          try {
            Thread.sleep(100);
          } catch (InterruptedException stop) {
            return;
          }
        }
        continue;
      }
      InetAddress from = c.getInetAddress();
      if (perAddress.merge(from, 1, Integer::sum) > limits.maxConnectionsPerAddress()) {
        release(from);
        refuse(c, "429 Too Many Requests");
        continue;
      }
      try {
        connections.execute(() -> serve(c, from));
      } catch (RejectedExecutionException full) {
        release(from);
        refuse(c, "503 Service Unavailable");
      }
    }
  }

  private void release(InetAddress from) {
    perAddress.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** A refusal that needs no request: a few bytes into an empty send buffer never block. */
  private static void refuse(Socket c, String status) {
    try (c) {
      c.getOutputStream()
          .write(
              ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
    } catch (IOException ignored) {
      // the client is gone: nothing to tell it
    }
  }

  private void serve(Socket c, InetAddress from) {
    ConnectionWatchdog dog = new ConnectionWatchdog(c, watchdog, responseTimeoutMs);
    dog.arm(limits.headerTimeoutMs());
    open.add(c);
    try (c) {
      c.setTcpNoDelay(true);
      InputStream in = c.getInputStream();
      OutputStream out = c.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      HttpExchangeImpl ex = parse(head, c, in, out, dog);
      if (ex == null) {
        return;
      }
      dog.arm(limits.bodyTimeoutMs());
      if (ex.requestBodyLength() == 0) {
        dog.responsePhase();
      }
      HttpHandler h = handler(ex.getRequestURI().getRawPath());
      if (h == null) {
        ex.fail(404, "no page at this path");
        return;
      }
      try {
        h.handle(ex);
      } catch (IOException | RuntimeException e) {
        log.log(Level.FINE, "HTTP handler failed", e);
        ex.fail(500, "internal error");
      }
      ex.close();
    } catch (IOException e) {
      // closed by the watchdog or by the client: nothing left to answer
      log.log(Level.FINEST, "HTTP connection ended", e);
    } finally {
      dog.disarm();
      open.remove(c);
      release(from);
    }
  }

  private HttpHandler handler(String path) {
    for (Map.Entry<String, HttpHandler> e : contexts.entrySet()) {
      if (path.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The request line and headers up to the empty line, or null when the client sent none. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(512);
    // The last four bytes read: the head ends with CR LF CR LF.
    int last4 = 0;
    while (last4 != 0x0D0A0D0A) {
      int x = in.read();
      if (x < 0) {
        return null;
      }
      if (b.size() >= MAX_HEADER_BYTES) {
        throw new IOException("request headers larger than " + MAX_HEADER_BYTES + " bytes");
      }
      b.write(x);
      last4 = (last4 << 8) | x;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The exchange of a well-formed head, or null after answering 400, 411 or 505. */
  private static HttpExchangeImpl parse(
      String head, Socket c, InputStream in, OutputStream out, ConnectionWatchdog dog)
      throws IOException {
    String[] lines = head.split("\r\n");
    String[] first = lines[0].split(" ", -1);
    if (first.length != 3 || !first[1].startsWith("/") || !first[0].matches("[A-Z]{1,16}")) {
      HttpExchangeImpl.plain(out, 400, "bad request line");
      return null;
    }
    if (!first[2].equals("HTTP/1.1") && !first[2].equals("HTTP/1.0")) {
      HttpExchangeImpl.plain(out, 505, "HTTP/1.1 only");
      return null;
    }
    URI uri;
    try {
      uri = new URI(first[1]);
    } catch (URISyntaxException e) {
      HttpExchangeImpl.plain(out, 400, "bad request target");
      return null;
    }
    Headers headers = new Headers();
    if (lines.length - 1 > MAX_HEADERS) {
      HttpExchangeImpl.plain(out, 431, "more than " + MAX_HEADERS + " headers");
      return null;
    }
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0 || lines[i].charAt(0) == ' ' || lines[i].charAt(0) == '\t') {
        HttpExchangeImpl.plain(out, 400, "bad header line");
        return null;
      }
      headers.add(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip());
    }
    if (headers.containsKey("Transfer-Encoding")) {
      // Request smuggling and unbounded bodies both start here; the page and the API send lengths.
      HttpExchangeImpl.plain(out, 411, "send a Content-Length, not a chunked body");
      return null;
    }
    long length = 0;
    if (headers.containsKey("Content-Length")) {
      java.util.List<String> values = headers.get("Content-Length");
      if (values.size() != 1 || !values.get(0).matches("[0-9]{1,18}")) {
        HttpExchangeImpl.plain(out, 400, "bad Content-Length");
        return null;
      }
      length = Long.parseLong(values.get(0));
    }
    return new HttpExchangeImpl(first[0], uri, first[2], headers, length, c, in, out, dog);
  }

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.shutdown();
    try {
      // Lets answers being written finish for a moment, then ends every connection.
      if (!connections.awaitTermination(1, TimeUnit.SECONDS)) {
        for (Socket c : open) {
          try {
            c.close();
          } catch (IOException ignored) {
            // closing anyway
          }
        }
        connections.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watchdog.shutdownNow();
  }
}
