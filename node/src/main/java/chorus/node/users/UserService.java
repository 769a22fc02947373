package chorus.node.users;

import chorus.node.events.EventPublisher;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.sessions.SessionRepository;
import chorus.persistence.users.StoredUser;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.CreateUserRequest;
import chorus.protocol.api.Session;
import chorus.protocol.api.User;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.PrivacySettings;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.EventType;
import chorus.sharding.sessions.SessionRevocations;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/** Accounts and sessions: sign-up (the first account becomes system admin), login, logout, lookups. */
public final class UserService {
  /** Serializes only the race for the first account, so exactly one user becomes the initial admin. */
  private static final long FIRST_USER_LOCK = 0x43686f727573L;

  private final PersistencePool pool;
  private final UserRepository users;
  private final SessionRepository sessionRows;
  private final SessionRevocations revocations;
  private final Passwords passwords;
  private final UserRules rules;
  private final Supplier<ChorusConfig> config;
  private final Supplier<PrivacySettings> privacy;
  private final Ids ids;
  private final Clock clock;
  private final EventPublisher events;
  private final LdapAuthenticator ldap;

  /**
   * @param config the current configuration, read per request so that a reload or save applies at once
   *     (TeamSettings.EnableUserCreation/EnableOpenServer, ServiceSettings.MaximumLoginAttempts, PasswordSettings)
   * @param privacy the current PrivacySettings, read per request so that a config reload applies at once
   */
  public UserService(PersistencePool pool, UserRepository users, SessionRepository sessionRows, SessionRevocations revocations,
      Passwords passwords, Supplier<ChorusConfig> config, Supplier<PrivacySettings> privacy, Ids ids, Clock clock, EventPublisher events,
      LdapAuthenticator ldap) {
    this.pool = pool;
    this.users = users;
    this.sessionRows = sessionRows;
    this.revocations = revocations;
    this.passwords = passwords;
    this.rules = new UserRules(() -> config.get().passwordSettings());
    this.config = config;
    this.privacy = privacy;
    this.ids = ids;
    this.clock = clock;
    this.events = events;
    this.ldap = ldap;
  }

  public CompletionStage<User> create(CreateUserRequest request, Optional<Caller> caller) {
    if (!config.get().teamSettings().enableUserCreation()) {
      return CompletableFuture.failedFuture(new ApiException(501, "api.user.create_user.signup_disabled.app_error", "User sign-up is disabled."));
    }
    rules.check(request);
    boolean mayCreate = config.get().teamSettings().enableOpenServer() || caller.map(Caller::isSystemAdmin).orElse(false);
    return passwords.hash(request.password())
        .thenCompose(hash -> pool.write(dsl -> insert(dsl, request, hash, mayCreate)))
        .exceptionally(failure -> { throw translateDuplicate(failure); })
        .thenCompose(user -> events.toEveryone(EventType.NEW_USER, Map.of("user_id", user.id())).thenApply(done -> user));
  }

  private User insert(DSLContext dsl, CreateUserRequest request, String hash, boolean mayCreate) {
    boolean first = !users.any(dsl);
    if (first) {
      dsl.fetch("SELECT pg_advisory_xact_lock(?)", FIRST_USER_LOCK);
      first = !users.any(dsl);
    }
    if (!first && !mayCreate) {
      throw new ApiException(403, "api.user.create_user.no_open_server", "This server does not allow open signups. Please speak with your Administrator to receive an invitation.");
    }
    User user = NewUsers.from(request, ids.next(), clock.millis(), first);
    users.insert(dsl, user, hash);
    return user;
  }

  static RuntimeException translateDuplicate(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (PersistencePool.isUniqueViolation(cause)) {
      boolean email = PersistencePool.violatedConstraint(cause).map(c -> c.contains("email")).orElse(false);
      return email
          ? ApiException.badRequest("app.user.save.email_exists.app_error", "An account with that email already exists.")
          : ApiException.badRequest("app.user.save.username_exists.app_error", "An account with that username already exists.");
    }
    return cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
  }

  /** Checks the credentials and opens a session; every failure looks the same to the caller. */
  public CompletionStage<LoginResult> login(Map<String, String> body) {
    String loginId = body.getOrDefault("login_id", "");
    String password = body.getOrDefault("password", "");
    if (password.isEmpty()) {
      return CompletableFuture.failedFuture(ApiException.badRequest("api.user.login.blank_pwd.app_error", "Password field must not be blank"));
    }
    if (loginId.isEmpty() && body.containsKey("id")) {
      return CompletableFuture.failedFuture(invalidCredentials());
    }
    // Primary: the account may have been created on another node a moment ago.
    return pool.read(ReadPreference.PRIMARY, dsl -> users.findByLogin(dsl, loginId))
        .thenCompose(found -> ldap.decides(found, body) ? ldap.login(loginId, password) : verify(found, password))
        .thenCompose(user -> openSession(user, body.getOrDefault("device_id", "")));
  }

  /**
   * The password check behind ServiceSettings.MaximumLoginAttempts: an account with that many
   * failures in a row is refused before its password is looked at, even the right one, until
   * a successful login would clear it (as in Mattermost, which has the user reset the password).
   */
  private CompletionStage<User> verify(Optional<StoredUser> found, String password) {
    if (found.isEmpty()) {
      // Spend the same time as a real check so response times do not reveal which accounts exist.
      return passwords.matchesNothing(password).thenApply(ignored -> {
        throw invalidCredentials();
      });
    }
    StoredUser stored = found.get();
    String userId = stored.user().id();
    return pool.write(dsl -> users.claimLoginAttempt(dsl, userId, config.get().serviceSettings().maximumLoginAttempts()))
        .thenCompose(claimed -> {
          if (!claimed) {
            throw tooManyAttempts();
          }
          return passwords.matches(password, stored.passwordHash());
        })
        .thenCompose(ok -> {
          if (!ok) {
            throw invalidCredentials();
          }
          return pool.write(dsl -> {
            users.clearFailedAttempts(dsl, userId);
            // Read again: the answer carries failed_attempts, which this login just reset.
            return users.findById(dsl, userId).orElse(stored.user());
          });
        })
        .thenApply(user -> {
          if (user.deleteAt() > 0) {
            throw new ApiException(401, "api.user.login.inactive.app_error", "Login failed because your account has been deactivated.");
          }
          return user;
        });
  }

  static ApiException tooManyAttempts() {
    return new ApiException(401, "api.user.check_user_login_attempts.too_many.app_error",
        "Your account is locked because of too many failed password attempts. Please reset your password.");
  }

  private CompletionStage<LoginResult> openSession(User user, String deviceId) {
    long now = clock.millis();
    long expires = now + Duration.ofHours(config.get().serviceSettings().sessionLengthWebInHours()).toMillis();
    Session session = new Session(ids.next(), ids.next(), now, expires, now, user.id(), deviceId, user.roles(), ids.next());
    return pool.write(dsl -> {
      sessionRows.insert(dsl, session);
      return new LoginResult(user, session);
    });
  }

  static ApiException invalidCredentials() {
    return new ApiException(401, "api.user.login.invalid_credentials_email_username", "Enter a valid email or username and/or password.");
  }

  /**
   * Deletes the session row first, then revokes it on every node (caches and WebSockets), so
   * the token is dead cluster-wide.
   */
  public CompletionStage<Void> logout(Optional<String> token) {
    if (token.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return pool.write(dsl -> {
      Optional<Session> session = sessionRows.findByToken(dsl, token.get());
      sessionRows.deleteByToken(dsl, token.get());
      return session;
    }).thenAccept(deleted -> deleted.ifPresent(revocations::revoke));
  }

  public CompletionStage<User> get(Caller caller, String userId) {
    return pool.read(caller.ownReads(), dsl -> users.findById(dsl, userId))
        .thenApply(found -> visibleTo(caller, found.orElseThrow(() -> ApiException.notFound("app.user.missing_account.const", "Unable to find the user."))));
  }

  public CompletionStage<List<User>> getByIds(Caller caller, List<String> userIds, long since) {
    if (userIds.isEmpty() || userIds.stream().anyMatch(id -> !Ids.isValid(id))) {
      return CompletableFuture.failedFuture(ApiException.invalidBody("user_ids"));
    }
    List<String> unique = List.copyOf(new LinkedHashSet<>(userIds));
    return pool.read(caller.ownReads(), dsl -> users.findByIds(dsl, unique))
        .thenApply(found -> found.stream().filter(u -> u.updateAt() > since).map(u -> visibleTo(caller, u)).toList());
  }

  public CompletionStage<List<User>> list(Caller caller, int page, int perPage) {
    return pool.read(caller.ownReads(), dsl -> users.list(dsl, page * perPage, perPage))
        .thenApply(found -> found.stream().map(u -> visibleTo(caller, u)).toList());
  }

  /** Every user object the API returns about someone else goes through here. */
  public User visibleTo(Caller caller, User user) {
    if (caller.userId().equals(user.id()) || caller.isSystemAdmin()) {
      return user;
    }
    PrivacySettings settings = privacy.get();
    return user.sanitizedForOthers(settings.showEmailAddress(), settings.showFullName());
  }
}
