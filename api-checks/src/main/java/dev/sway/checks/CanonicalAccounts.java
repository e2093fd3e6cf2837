package dev.sway.checks;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.sway.v1.AccountRef;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites every {@link AccountRef} of every request to its {@link AccountIds#canonical} spelling
 * before a handler sees it, so that validation, storage keys, suppression hashes and look-ups all
 * use one spelling: installed on ingest, scoring and query (and so on the HTTP gateway, which calls
 * through the same interceptors). It never refuses anything: {@link AccountChecks} judges the
 * canonical ids, with the request's own error path.
 */
public final class CanonicalAccounts implements ServerInterceptor {
  /** Per message type, its fields that hold an AccountRef somewhere below them. */
  private static final Map<Descriptor, List<FieldDescriptor>> PLANS = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(call, headers)) {
      @Override
      @SuppressWarnings("unchecked")
      public void onMessage(Q message) {
        super.onMessage(message instanceof Message m ? (Q) canonical(m) : message);
      }
    };
  }

  /** {@code m} with every AccountRef in canonical spelling; {@code m} itself when all are. */
  public static Message canonical(Message m) {
    if (m instanceof AccountRef a) {
      String id = AccountIds.canonical(a.getNetwork(), a.getAccountId());
      return id.equals(a.getAccountId()) ? a : a.toBuilder().setAccountId(id).build();
    }
    List<FieldDescriptor> plan = plan(m.getDescriptorForType());
    Message.Builder b = null;
    for (FieldDescriptor f : plan) {
      if (f.isRepeated()) {
        int n = m.getRepeatedFieldCount(f);
        for (int i = 0; i < n; i++) {
          Message child = (Message) m.getRepeatedField(f, i);
          Message c = canonical(child);
          if (c != child) {
            b = b != null ? b : m.toBuilder();
            b.setRepeatedField(f, i, c);
          }
        }
      } else if (m.hasField(f)) {
        Message child = (Message) m.getField(f);
        Message c = canonical(child);
        if (c != child) {
          b = b != null ? b : m.toBuilder();
          b.setField(f, c);
        }
      }
    }
    return b == null ? m : b.build();
  }

  private static List<FieldDescriptor> plan(Descriptor d) {
    return PLANS.computeIfAbsent(
        d,
        type -> {
          List<FieldDescriptor> out = new ArrayList<>();
          for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && !f.isMapField()
                && holdsAccounts(f.getMessageType(), new HashSet<>())) {
              out.add(f);
            }
          }
          return List.copyOf(out);
        });
  }

  private static boolean holdsAccounts(Descriptor d, Set<Descriptor> seen) {
    if (d.equals(AccountRef.getDescriptor())) {
      return true;
    }
    if (!seen.add(d)) {
      return false;
    }
    for (FieldDescriptor f : d.getFields()) {
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && holdsAccounts(f.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }
}
