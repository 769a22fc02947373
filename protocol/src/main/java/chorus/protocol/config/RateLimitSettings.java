package chorus.protocol.config;

public record RateLimitSettings(
    boolean enable, int perSec, int maxBurst, int memoryStoreSize, boolean varyByRemoteAddr, boolean varyByUser, String varyByHeader) {

  public static RateLimitSettings defaults() {
    return new RateLimitSettings(false, 10, 100, 10_000, true, false, "");
  }
}
