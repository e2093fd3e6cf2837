package dev.sway.runtime;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS for servers and channels from PEM files, re-read every {@code reloadMs} so that renewed
 * certificates take effect without a restart (new connections use them; open ones keep theirs).
 *
 * <p>Server settings: {@code --tls-cert}/{@code --tls-key} (SWAY_TLS_CERT/SWAY_TLS_KEY) turn TLS
 * on; {@code --tls-client-ca} (SWAY_TLS_CLIENT_CA) additionally requires client certificates signed
 * by that CA (mutual TLS), and {@code --tls-client-names} (SWAY_TLS_CLIENT_NAMES) limits which
 * certificate common names may call; {@code --tls-reload-ms} (60000).
 */
public final class Tls implements AutoCloseable {
  private static final Logger log = Logger.getLogger(Tls.class.getName());
  private final ScheduledExecutorService reloader;
  private final List<Closeable> watches = new ArrayList<>();

  public Tls() {
    reloader =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tls-reload");
              t.setDaemon(true);
              return t;
            });
  }

  /** Server credentials from the settings, or null when TLS is not configured. */
  public ServerCredentials server(Settings s) throws IOException {
    String cert = s.get(ServerSettings.TLS_CERT);
    String key = s.get(ServerSettings.TLS_KEY);
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException("TLS needs both tls-cert and tls-key");
    }
    long reloadMs = s.get(ServerSettings.TLS_RELOAD_MS);
    TlsServerCredentials.Builder b =
        TlsServerCredentials.newBuilder().keyManager(keys(cert, key, reloadMs));
    String clientCa = s.get(ServerSettings.TLS_CLIENT_CA);
    if (clientCa != null) {
      b.trustManager(trust(clientCa, reloadMs)).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return b.build();
  }

  /**
   * Channel credentials trusting {@code caFile} (null: plaintext), presenting a client certificate
   * when {@code certFile} and {@code keyFile} are given (mutual TLS).
   */
  public ChannelCredentials channel(String caFile, String certFile, String keyFile, long reloadMs)
      throws IOException {
    if (caFile == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b =
        TlsChannelCredentials.newBuilder().trustManager(trust(caFile, reloadMs));
    if (certFile != null && keyFile != null) {
      b.keyManager(keys(certFile, keyFile, reloadMs));
    }
    return b.build();
  }

  private AdvancedTlsX509KeyManager keys(String cert, String key, long reloadMs)
      throws IOException {
    AdvancedTlsX509KeyManager km = new AdvancedTlsX509KeyManager();
    File certFile = new File(cert);
    File keyFile = new File(key);
    watch(() -> km.updateIdentityCredentials(certFile, keyFile), reloadMs, certFile, keyFile);
    return km;
  }

  /** What to run when watched files change. */
  private interface Load {
    void run() throws IOException, GeneralSecurityException;
  }

  /**
   * Loads now (failing loudly), then re-loads whenever a file's modification time changes. gRPC's
   * own file watching re-reads at most once a minute; this one follows {@code reloadMs}. A
   * half-written pair (new key, old certificate) fails to load and is retried on the next tick,
   * keeping the previous credentials meanwhile.
   */
  private void watch(Load load, long reloadMs, File... files) throws IOException {
    try {
      load.run();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read " + Arrays.toString(files) + ": " + e.getMessage(), e);
    }
    long[] seen = new long[files.length];
    for (int i = 0; i < files.length; i++) {
      seen[i] = files[i].lastModified();
    }
    var task =
        reloader.scheduleWithFixedDelay(
            () -> {
              boolean changed = false;
              for (int i = 0; i < files.length; i++) {
                changed |= files[i].lastModified() != seen[i];
              }
              if (!changed) {
                return;
              }
              try {
                load.run();
                for (int i = 0; i < files.length; i++) {
                  seen[i] = files[i].lastModified();
                }
                log.info(() -> "reloaded TLS material from " + Arrays.toString(files));
              } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.warning(
                    () -> "cannot reload TLS material (keeping the previous): " + e.getMessage());
              }
            },
            reloadMs,
            reloadMs,
            TimeUnit.MILLISECONDS);
    watches.add(() -> task.cancel(false));
  }

  private AdvancedTlsX509TrustManager trust(String ca, long reloadMs) throws IOException {
    AdvancedTlsX509TrustManager tm;
    try {
      tm =
          AdvancedTlsX509TrustManager.newBuilder()
              .setVerification(
                  AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
              .build();
    } catch (CertificateException e) {
      throw new IOException(e);
    }
    File caFile = new File(ca);
    watch(() -> tm.updateTrustCredentials(caFile), reloadMs, caFile);
    return tm;
  }

  /**
   * Admits only clients whose certificate's common name is in {@code names}: with mutual TLS the
   * scoring service accepts the ingest service's certificate and no other.
   */
  public static ServerInterceptor allowClients(Set<String> names) {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String cn = peerName(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (cn == null || !names.contains(cn)) {
          call.close(
              Status.PERMISSION_DENIED.withDescription(
                  "client certificate "
                      + (cn == null ? "missing" : "'" + cn + "'")
                      + " is not allowed here"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }

  static String peerName(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) {
        return null;
      }
      for (Rdn rdn : new LdapName(x.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return null;
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return null;
    }
  }

  @Override
  public void close() {
    for (Closeable c : watches) {
      try {
        c.close();
      } catch (IOException e) {
        // stopping a file watch cannot fail in a way that matters at shutdown
      }
    }
    reloader.shutdownNow();
  }
}
