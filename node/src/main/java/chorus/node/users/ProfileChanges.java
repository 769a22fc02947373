package chorus.node.users;

import chorus.node.events.EventPublisher;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.users.StoredUser;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.PatchUserRequest;
import chorus.protocol.api.User;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.config.PrivacySettings;
import chorus.protocol.config.ServiceSettings;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A user's profile changed by the user or a system admin ({@code PUT /users/{id}/patch} and
 * {@code PUT /users/{id}}), with Mattermost's rules: only a system admin changes a system
 * admin's profile; users changing their own e-mail give their password; a username or e-mail
 * another account has is a 400. Afterwards {@code user_updated} goes to the user's own
 * sessions with the whole profile, and to everyone else with the copy they may see
 * ({@code PrivacySettings}), as Mattermost's {@code sendUpdatedUserEvent} does.
 */
public final class ProfileChanges {
  private final PersistencePool pool;
  private final UserRepository users;
  private final UserRules rules;
  private final PasswordProof proof;
  private final Supplier<PrivacySettings> privacy;
  private final EventPublisher events;
  private final Clock clock;

  public ProfileChanges(PersistencePool pool, UserRepository users, Passwords passwords, UserRules rules,
      Supplier<ServiceSettings> service, Supplier<PrivacySettings> privacy, EventPublisher events, Clock clock) {
    this.pool = pool;
    this.users = users;
    this.rules = rules;
    this.proof = new PasswordProof(pool, users, passwords, service);
    this.privacy = privacy;
    this.events = events;
    this.clock = clock;
  }

  /** {@code PUT /users/{id}}: the body's {@code id} must name the path's user; the rest is a patch. */
  public CompletionStage<User> update(Caller caller, String userId, PatchUserRequest body) {
    if (!userId.equals(body.id())) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("user_id"));
    }
    return patch(caller, userId, body);
  }

  public CompletionStage<User> patch(Caller caller, String userId, PatchUserRequest patch) {
    caller.requireSelfOrAdmin(userId);
    boolean self = caller.userId().equals(userId);
    return pool.read(caller.ownReads(), dsl -> users.findStoredById(dsl, userId))
        .thenCompose(found -> {
          // Mattermost answers an unknown user here as a bad user_id, not a 404.
          StoredUser stored = found.orElseThrow(() -> ApiException.invalidParam("user_id"));
          User old = stored.user();
          if (old.isSystemAdmin() && !caller.isSystemAdmin()) {
            throw ApiException.forbidden();
          }
          User changed = applied(old, patch);
          rules.checkProfile(changed.username(), changed.email(), changed.firstName(), changed.lastName(), changed.nickname(),
              changed.position(), changed.locale());
          boolean newEmail = !changed.email().equals(old.email());
          if (newEmail && !old.authService().isEmpty()) {
            throw new ApiException(409, "api.user.patch_user.login_provider_attribute_set.app_error",
                "User must be updated through the login provider.");
          }
          if (newEmail && self) {
            if (patch.password() == null) {
              throw ApiException.invalidParam("password");
            }
            return proof.check(stored, patch.password(), new ApiException(401, "api.user.check_user_password.invalid.app_error",
                "Login failed because of invalid password.")).thenApply(ok -> changed);
          }
          return CompletableFuture.completedFuture(changed);
        })
        .thenCompose(changed -> pool.write(dsl -> {
          if (!users.updateProfile(dsl, changed, clock.millis())) {
            throw ApiException.invalidParam("user_id");
          }
          return users.findById(dsl, userId).orElseThrow(() -> ApiException.invalidParam("user_id"));
        }))
        .exceptionally(failure -> {
          throw UserService.translateDuplicate(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
        })
        .thenCompose(saved -> announce(saved).thenApply(done -> saved));
  }

  /** Mattermost's {@code User.Patch}, then its PreUpdate: usernames are stored lower-cased, e-mails too. */
  private static User applied(User old, PatchUserRequest p) {
    return new User(old.id(), old.createAt(), old.updateAt(), old.deleteAt(),
        p.username() == null ? old.username() : p.username().trim().toLowerCase(Locale.ROOT), old.authService(),
        p.email() == null ? old.email() : p.email().trim().toLowerCase(Locale.ROOT), old.emailVerified(),
        or(p.nickname(), old.nickname()), or(p.firstName(), old.firstName()), or(p.lastName(), old.lastName()),
        or(p.position(), old.position()), old.roles(), or(p.locale(), old.locale()), or(p.timezone(), old.timezone()),
        or(p.props(), old.props()), or(p.notifyProps(), old.notifyProps()), old.lastPasswordUpdate(), old.lastPictureUpdate(),
        old.failedAttempts(), old.mfaActive(), old.isBot(), old.disableWelcomeEmail());
  }

  private static <T> T or(T given, T old) {
    return given == null ? old : given;
  }

  private CompletionStage<Void> announce(User user) {
    PrivacySettings settings = privacy.get();
    User seenByOthers = user.sanitizedForOthers(settings.showEmailAddress(), settings.showFullName());
    Broadcast everyoneElse = new Broadcast(Map.of(user.id(), true), "", "", "", "", "");
    events.publish(ClusterEvent.unpositioned(Ids.unique(), EventType.USER_UPDATED, events.jsonString(Map.of("user", seenByOthers)),
        everyoneElse, null));
    return events.toUser(user.id(), EventType.USER_UPDATED, Map.of("user", user));
  }
}
