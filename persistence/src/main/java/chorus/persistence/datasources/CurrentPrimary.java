package chorus.persistence.datasources;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The primary's pool as it is when a connection is asked for. A reload or a recycle swaps the
 * pools and closes the old ones, so work that holds a {@link DataSource} for long (the jobs'
 * stores) must not keep the pool of the moment it started.
 */
public final class CurrentPrimary implements DataSource {
  private final DataSources sources;

  public CurrentPrimary(DataSources sources) {
    this.sources = sources;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return sources.primaryDataSource().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return sources.primaryDataSource().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return sources.primaryDataSource().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    sources.primaryDataSource().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    sources.primaryDataSource().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return sources.primaryDataSource().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return sources.primaryDataSource().getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return sources.primaryDataSource().unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return sources.primaryDataSource().isWrapperFor(iface);
  }
}
