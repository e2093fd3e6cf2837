package dev.sway.checks;

import com.google.protobuf.Timestamp;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates and normalises write requests. Pure: the same input and clock give the same violations.
 * A method returns the normalised items and fills {@code violations}; callers reject the whole
 * request when any violation was found.
 */
public final class Validator {
  /** Combining marks may follow a letter: lower-cased "İstanbul" is i + U+0307 + "stanbul". */
  private static final Pattern TOPIC = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}_.+-]*");

  /** Accounts one person may link in one call. */
  public static final int MAX_LINKED = 32;

  private final Clock clock;

  public Validator(Clock clock) {
    this.clock = clock;
  }

  public List<Interaction> interactions(List<Interaction> in, String path, List<Violation> v) {
    checkBatchSize(in.size(), path, v);
    List<Interaction> out = new ArrayList<>(in.size());
    long now = clock.millis();
    for (int i = 0; i < in.size() && i < Limits.MAX_BATCH; i++) {
      Interaction x = in.get(i);
      String p = path + "[" + i + "]";
      AccountChecks.checkId(x.getEventId(), p + ".event_id", Limits.MAX_EVENT_ID_CHARS, v);
      if (x.getType() == InteractionType.INTERACTION_TYPE_UNSPECIFIED) {
        v.add(new Violation(p + ".type", "required: one of LIKE, COMMENT, REPLY, SHARE, MENTION"));
      } else if (x.getType() == InteractionType.UNRECOGNIZED) {
        v.add(new Violation(p + ".type", "unknown interaction type " + x.getTypeValue()));
      }
      boolean actorOk =
          AccountChecks.checkAccount(x.hasActor() ? x.getActor() : null, p + ".actor", v);
      boolean targetOk =
          AccountChecks.checkAccount(x.hasTarget() ? x.getTarget() : null, p + ".target", v);
      if (actorOk && targetOk) {
        if (!x.getActor().getNetwork().equals(x.getTarget().getNetwork())) {
          v.add(
              new Violation(
                  p + ".target.network",
                  "must be the actor's network ('" + x.getActor().getNetwork() + "')"));
        } else if (x.getActor().getAccountId().equals(x.getTarget().getAccountId())) {
          v.add(
              new Violation(
                  p + ".target",
                  "must differ from the actor: engaging with oneself is not influence"));
        }
      }
      if (x.getContentId().length() > Limits.MAX_CONTENT_ID_CHARS) {
        v.add(
            new Violation(
                p + ".content_id", "longer than " + Limits.MAX_CONTENT_ID_CHARS + " characters"));
      } else if (!x.getContentId().isEmpty() && hasControl(x.getContentId())) {
        v.add(new Violation(p + ".content_id", "contains control characters"));
      }
      Set<String> topics = new LinkedHashSet<>();
      if (x.getTopicsCount() > Limits.MAX_TOPICS) {
        v.add(
            new Violation(
                p + ".topics",
                "at most " + Limits.MAX_TOPICS + " topics, got " + x.getTopicsCount()));
      } else {
        for (int t = 0; t < x.getTopicsCount(); t++) {
          String norm = AccountChecks.normalizeTopic(x.getTopics(t));
          String tp = p + ".topics[" + t + "]";
          if (norm.isEmpty()) {
            v.add(new Violation(tp, "empty topic"));
          } else if (norm.length() > Limits.MAX_TOPIC_CHARS) {
            v.add(new Violation(tp, "longer than " + Limits.MAX_TOPIC_CHARS + " characters"));
          } else if (!TOPIC.matcher(norm).matches()) {
            v.add(
                new Violation(
                    tp, "letters, digits and _ . + - only, starting with a letter or digit"));
          } else {
            topics.add(norm);
          }
        }
      }
      checkTime(x.hasEventTime() ? x.getEventTime() : null, p + ".event_time", now, v);
      out.add(x.toBuilder().clearTopics().addAllTopics(topics).build());
    }
    return out;
  }

  public List<ProfileSnapshot> snapshots(List<ProfileSnapshot> in, String path, List<Violation> v) {
    checkBatchSize(in.size(), path, v);
    long now = clock.millis();
    for (int i = 0; i < in.size() && i < Limits.MAX_BATCH; i++) {
      ProfileSnapshot s = in.get(i);
      String p = path + "[" + i + "]";
      AccountChecks.checkAccount(s.hasAccount() ? s.getAccount() : null, p + ".account", v);
      checkCounter(s.getFollowers(), p + ".followers", v);
      checkCounter(s.getFollowing(), p + ".following", v);
      checkCounter(s.getPosts(), p + ".posts", v);
      checkTime(s.hasObserveTime() ? s.getObserveTime() : null, p + ".observe_time", now, v);
    }
    return in;
  }

  /** Checks a person id and 1-32 accounts. */
  public void link(String personId, List<AccountRef> accounts, List<Violation> v) {
    AccountChecks.checkId(personId, "person_id", AccountChecks.MAX_ACCOUNT_ID_CHARS, v);
    if (personId.indexOf('{') >= 0 || personId.indexOf('}') >= 0) {
      v.add(new Violation("person_id", "braces are not allowed"));
    }
    if (accounts.isEmpty()) {
      v.add(new Violation("accounts", "at least one account"));
    } else if (accounts.size() > MAX_LINKED) {
      v.add(new Violation("accounts", "at most " + MAX_LINKED + " accounts"));
    } else {
      for (int i = 0; i < accounts.size(); i++) {
        AccountChecks.checkAccount(accounts.get(i), "accounts[" + i + "]", v);
      }
    }
  }

  /** Accounts one RegisterAccounts call may register. */
  public static final int MAX_REGISTERED = 1000;

  /** Checks the accounts of a consent registration. */
  public void register(List<AccountRef> accounts, List<Violation> v) {
    if (accounts.isEmpty()) {
      v.add(new Violation("accounts", "at least one account"));
    } else if (accounts.size() > MAX_REGISTERED) {
      v.add(
          new Violation(
              "accounts", "at most " + MAX_REGISTERED + " accounts, got " + accounts.size()));
    } else {
      for (int i = 0; i < accounts.size(); i++) {
        AccountChecks.checkAccount(accounts.get(i), "accounts[" + i + "]", v);
      }
    }
  }

  /** Checks the subject of an erasure or export: a person id or an account, not both. */
  public void subject(String personId, AccountRef account, boolean hasAccount, List<Violation> v) {
    if (personId.isEmpty() == !hasAccount) {
      v.add(new Violation("person_id", "give a person_id or an account, not both and not neither"));
    } else if (!personId.isEmpty()) {
      AccountChecks.checkId(personId, "person_id", AccountChecks.MAX_ACCOUNT_ID_CHARS, v);
    } else {
      AccountChecks.checkAccount(account, "account", v);
    }
  }

  private static void checkBatchSize(int n, String path, List<Violation> v) {
    if (n > Limits.MAX_BATCH) {
      v.add(new Violation(path, "at most " + Limits.MAX_BATCH + " per request, got " + n));
    }
  }

  private static void checkCounter(long n, String path, List<Violation> v) {
    if (n < 0) {
      v.add(new Violation(path, "must not be negative, got " + n));
    } else if (n > Limits.MAX_COUNTER) {
      v.add(new Violation(path, "at most " + Limits.MAX_COUNTER + ", got " + n));
    }
  }

  private static void checkTime(Timestamp t, String path, long nowMs, List<Violation> v) {
    if (t == null) {
      v.add(new Violation(path, "required"));
      return;
    }
    if (t.getNanos() < 0 || t.getNanos() > 999_999_999) {
      v.add(new Violation(path, "nanos out of range"));
      return;
    }
    // Compared in seconds so that absurd values cannot overflow.
    if (t.getSeconds() < Limits.MIN_TIME_MS / 1000) {
      v.add(new Violation(path, "before 2006-01-01T00:00:00Z"));
    } else if (t.getSeconds() > (nowMs + Limits.MAX_FUTURE_SKEW_MS) / 1000) {
      v.add(new Violation(path, "more than 5 minutes in the future"));
    }
  }

  private static boolean hasControl(String s) {
    return s.codePoints().anyMatch(Character::isISOControl);
  }
}
