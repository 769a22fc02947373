package chorus.persistence.files;

/** The storage behind a {@link FileStore} failed or could not be reached; worth retrying later. */
public final class FileStoreException extends RuntimeException {
  public FileStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
