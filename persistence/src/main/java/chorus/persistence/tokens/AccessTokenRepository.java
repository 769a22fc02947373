package chorus.persistence.tokens;

import static chorus.persistence.jooq.Tables.USERS;
import static chorus.persistence.jooq.Tables.USER_ACCESS_TOKENS;

import chorus.persistence.jooq.tables.records.UserAccessTokensRecord;
import chorus.protocol.api.UserAccessToken;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Queries on {@code user_access_tokens}. Tokens are stored and looked up by their SHA-256
 * digest only; what this returns never carries the token itself.
 */
public final class AccessTokenRepository {

  /** The user a token signs in as: its roles are the session's roles. */
  public record TokenOwner(UserAccessToken token, String roles) {}

  public void insert(DSLContext dsl, UserAccessToken token, String tokenHash) {
    dsl.insertInto(USER_ACCESS_TOKENS)
        .set(USER_ACCESS_TOKENS.ID, token.id())
        .set(USER_ACCESS_TOKENS.TOKEN_HASH, tokenHash)
        .set(USER_ACCESS_TOKENS.USER_ID, token.userId())
        .set(USER_ACCESS_TOKENS.DESCRIPTION, token.description())
        .set(USER_ACCESS_TOKENS.IS_ACTIVE, token.isActive())
        .execute();
  }

  public Optional<UserAccessToken> findById(DSLContext dsl, String id) {
    return dsl.selectFrom(USER_ACCESS_TOKENS).where(USER_ACCESS_TOKENS.ID.eq(id)).fetchOptional()
        .map(AccessTokenRepository::toToken);
  }

  /** The digest of a token, to name it in a revocation. */
  public Optional<String> hashOf(DSLContext dsl, String id) {
    return dsl.select(USER_ACCESS_TOKENS.TOKEN_HASH).from(USER_ACCESS_TOKENS).where(USER_ACCESS_TOKENS.ID.eq(id))
        .fetchOptional(USER_ACCESS_TOKENS.TOKEN_HASH);
  }

  /** An active token of an active account, with the account's roles; nothing otherwise. */
  public Optional<TokenOwner> findUsable(DSLContext dsl, String tokenHash) {
    return dsl.select(USER_ACCESS_TOKENS.fields()).select(USERS.ROLES)
        .from(USER_ACCESS_TOKENS).join(USERS).on(USERS.ID.eq(USER_ACCESS_TOKENS.USER_ID))
        .where(USER_ACCESS_TOKENS.TOKEN_HASH.eq(tokenHash)
            .and(USER_ACCESS_TOKENS.IS_ACTIVE.isTrue())
            .and(USERS.DELETE_AT.eq(0L)))
        .fetchOptional(row -> new TokenOwner(toToken(row.into(USER_ACCESS_TOKENS)), row.get(USERS.ROLES)));
  }

  /** A user's tokens in id order, a page at a time. */
  public List<UserAccessToken> findForUser(DSLContext dsl, String userId, int page, int perPage) {
    return dsl.selectFrom(USER_ACCESS_TOKENS).where(USER_ACCESS_TOKENS.USER_ID.eq(userId))
        .orderBy(USER_ACCESS_TOKENS.ID).limit(perPage).offset((long) page * perPage)
        .fetch(AccessTokenRepository::toToken);
  }

  public List<UserAccessToken> findAll(DSLContext dsl, int page, int perPage) {
    return dsl.selectFrom(USER_ACCESS_TOKENS).orderBy(USER_ACCESS_TOKENS.ID).limit(perPage).offset((long) page * perPage)
        .fetch(AccessTokenRepository::toToken);
  }

  /** A token as revocations name it: its id (its session's id) and its digest. */
  public record TokenKey(String id, String hash) {}

  /** Every token: what the nodes end when tokens are switched off. */
  public List<TokenKey> allKeys(DSLContext dsl) {
    return dsl.select(USER_ACCESS_TOKENS.ID, USER_ACCESS_TOKENS.TOKEN_HASH).from(USER_ACCESS_TOKENS)
        .fetch(row -> new TokenKey(row.value1(), row.value2()));
  }

  /** True when the token existed. */
  public boolean setActive(DSLContext dsl, String id, boolean active) {
    return dsl.update(USER_ACCESS_TOKENS).set(USER_ACCESS_TOKENS.IS_ACTIVE, active)
        .where(USER_ACCESS_TOKENS.ID.eq(id)).execute() > 0;
  }

  public boolean delete(DSLContext dsl, String id) {
    return dsl.deleteFrom(USER_ACCESS_TOKENS).where(USER_ACCESS_TOKENS.ID.eq(id)).execute() > 0;
  }

  private static UserAccessToken toToken(UserAccessTokensRecord row) {
    return new UserAccessToken(row.getId(), null, row.getUserId(), row.getDescription(), row.getIsActive());
  }
}
