package chorus.node.tokens;

import chorus.node.config.LiveConfig;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.tokens.AccessTokenRepository;
import chorus.protocol.config.ChorusConfig;
import chorus.sharding.sessions.SessionRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turning {@code EnableUserAccessTokens} off ends every token session at once: the session
 * source stops loading tokens, and this drops the ones already cached and closes their
 * WebSockets. Every node applies the changed config, so every node runs this for itself.
 */
public final class AccessTokenSwitch implements LiveConfig.Listener {
  private static final Logger log = LoggerFactory.getLogger(AccessTokenSwitch.class);

  private final PersistencePool pool;
  private final AccessTokenRepository tokens;
  private final SessionRevocations revocations;

  public AccessTokenSwitch(PersistencePool pool, AccessTokenRepository tokens, SessionRevocations revocations) {
    this.pool = pool;
    this.tokens = tokens;
    this.revocations = revocations;
  }

  @Override
  public void configChanged(ChorusConfig previous, ChorusConfig current) {
    if (!previous.serviceSettings().enableUserAccessTokens() || current.serviceSettings().enableUserAccessTokens()) {
      return;
    }
    pool.read(ReadPreference.PRIMARY, tokens::allKeys).whenComplete((keys, failure) -> {
      if (failure != null) {
        // The cached token sessions still end when the node refreshes them (the source refuses them now).
        log.warn("EnableUserAccessTokens was turned off but the tokens could not be read to end their sessions now", failure);
        return;
      }
      revocations.revokeDigests("", keys.stream().map(AccessTokenRepository.TokenKey::id).toList(),
          keys.stream().map(AccessTokenRepository.TokenKey::hash).toList());
    });
  }
}
