package chorus.management.ldap;

import chorus.protocol.config.LdapSettings;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The LDAP server as {@link LdapSettings} describe it, through the UnboundID SDK. Each call
 * opens its own connection (plain, TLS or STARTTLS; certificates checked against the JVM's
 * trust store and the host name), binds (as the bind user to search, as the user to check a
 * password), and closes it: logins are rare next to requests, and a sync is one long call. Every operation is bounded by
 * {@code QueryTimeout}. Blocking: call it from a blocking executor or the jobs dispatcher.
 *
 * <p>A failure to reach the server, bind as the bind user or finish a search throws
 * {@link LdapUnavailableException}; it is never read as "no such user", which would make a
 * sync deactivate everyone when the directory is down.
 */
public final class LdapDirectory {
  private final LdapSettings settings;
  private final LdapEntries entries;

  public LdapDirectory(LdapSettings settings) {
    this.settings = settings;
    this.entries = new LdapEntries(settings);
  }

  /**
   * The user whose LoginIdAttribute is {@code loginId} under BaseDN and UserFilter, searched
   * as the bind user; empty when there is none, more than one, or the entry lacks an id,
   * username or e-mail.
   */
  public Optional<LdapUser> find(String loginId) {
    if (loginId.isEmpty()) {
      return Optional.empty();
    }
    try (LDAPConnection connection = connect()) {
      Filter filter = Filter.createANDFilter(
          Filter.createEqualityFilter(settings.effectiveLoginIdAttribute(), loginId), userFilter());
      SearchRequest request = new SearchRequest(settings.baseDN(), SearchScope.SUB, filter, entries.attributes());
      request.setSizeLimit(2);
      request.setTimeLimitSeconds(settings.queryTimeout());
      SearchResult result;
      try {
        result = search(connection, request);
      } catch (LDAPSearchException e) {
        if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
          return Optional.empty();
        }
        throw e;
      }
      if (result.getEntryCount() != 1) {
        return Optional.empty();
      }
      return entries.toUser(result.getSearchEntries().get(0));
    } catch (LDAPException e) {
      throw new LdapUnavailableException("LDAP login search failed: " + e.getResultCode() + " " + e.getDiagnosticMessage(), e);
    }
  }

  /** Whether the directory accepts {@code password} for {@code user} (a simple bind as its DN). */
  public boolean bind(LdapUser user, String password) {
    if (password.isEmpty()) {
      // An empty password makes a simple bind anonymous, which most servers accept.
      return false;
    }
    try (LDAPConnection connection = open()) {
      try {
        connection.bind(user.dn(), password);
        return true;
      } catch (LDAPException e) {
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
          return false;
        }
        throw e;
      }
    } catch (LDAPException e) {
      throw new LdapUnavailableException("LDAP bind as " + user.dn() + " failed: " + e.getResultCode(), e);
    }
  }

  /** One page of a scan: the users it held and how many of its entries could not become accounts. */
  public record Page(int number, List<LdapUser> users, int incomplete) {}

  /** Receives each page of a scan in order; may throw to stop it. */
  @FunctionalInterface
  public interface PageHandler {
    void page(Page page);
  }

  /**
   * Every user under BaseDN that matches UserFilter, in pages of MaxPageSize (the simple
   * paged results control; 0 means one unpaged search). Throws if any page fails, so a caller
   * never mistakes a partial scan for the whole directory.
   */
  public void scan(PageHandler handler) {
    try (LDAPConnection connection = connect()) {
      Filter filter = userFilter();
      int pageSize = settings.maxPageSize();
      byte[] cookie = null;
      int number = 0;
      do {
        SearchRequest request = new SearchRequest(settings.baseDN(), SearchScope.SUB, filter, entries.attributes());
        request.setTimeLimitSeconds(settings.queryTimeout());
        if (pageSize > 0) {
          request.addControl(new SimplePagedResultsControl(pageSize, cookie == null ? null : new ASN1OctetString(cookie)));
        }
        SearchResult result = search(connection, request);
        List<LdapUser> users = new ArrayList<>();
        int incomplete = 0;
        for (SearchResultEntry entry : result.getSearchEntries()) {
          Optional<LdapUser> user = entries.toUser(entry);
          if (user.isPresent()) {
            users.add(user.get());
          } else {
            incomplete++;
          }
        }
        handler.page(new Page(++number, users, incomplete));
        cookie = null;
        if (pageSize > 0) {
          SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
          if (response != null && response.moreResultsToReturn()) {
            cookie = response.getCookie().getValue();
          }
        }
      } while (cookie != null);
    } catch (LDAPException e) {
      throw new LdapUnavailableException("LDAP scan failed: " + e.getResultCode() + " " + e.getDiagnosticMessage(), e);
    }
  }

  private SearchResult search(LDAPConnection connection, SearchRequest request) throws LDAPSearchException {
    SearchResult result = connection.search(request);
    if (result.getResultCode() != ResultCode.SUCCESS) {
      throw new LDAPSearchException(result);
    }
    return result;
  }

  private Filter userFilter() throws LDAPException {
    String text = settings.userFilter() == null ? "" : settings.userFilter().trim();
    if (text.isEmpty()) {
      return Filter.createPresenceFilter("objectClass");
    }
    return Filter.create(text.startsWith("(") ? text : "(" + text + ")");
  }

  /** A connection bound as the bind user (anonymous when BindUsername is empty). */
  private LDAPConnection connect() throws LDAPException {
    LDAPConnection connection = open();
    try {
      if (settings.bindUsername() != null && !settings.bindUsername().isEmpty()) {
        connection.bind(settings.bindUsername(), settings.bindPassword());
      }
      return connection;
    } catch (LDAPException e) {
      connection.close();
      throw e;
    }
  }

  /** A connection, secured as ConnectionSecurity says, not yet bound. */
  private LDAPConnection open() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    int timeoutMillis = Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.queryTimeout() * 1000L));
    options.setConnectTimeoutMillis(timeoutMillis);
    options.setResponseTimeoutMillis(timeoutMillis);
    options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    LDAPConnection connection;
    try {
      if (LdapSettings.SECURITY_TLS.equals(settings.connectionSecurity())) {
        connection = new LDAPConnection(new SSLUtil().createSSLSocketFactory(), options, settings.ldapServer(), settings.ldapPort());
      } else {
        connection = new LDAPConnection(options, settings.ldapServer(), settings.ldapPort());
        if (LdapSettings.SECURITY_STARTTLS.equals(settings.connectionSecurity())) {
          var started = connection.processExtendedOperation(new StartTLSExtendedRequest(new SSLUtil().createSSLContext()));
          if (started.getResultCode() != ResultCode.SUCCESS) {
            connection.close();
            throw new LDAPException(started.getResultCode(), "STARTTLS refused: " + started.getDiagnosticMessage());
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot set up TLS: " + e.getMessage(), e);
    }
    return connection;
  }
}
