package chorus.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

  @Test
  void parsesGoStyleAddresses() {
    assertThat(ListenAddress.parse(":8065")).isEqualTo(new ListenAddress("", 8065));
    assertThat(ListenAddress.parse(":0")).isEqualTo(new ListenAddress("", 0));
    assertThat(ListenAddress.parse("127.0.0.1:8065")).isEqualTo(new ListenAddress("127.0.0.1", 8065));
    assertThat(ListenAddress.parse("chat.example.com:443")).isEqualTo(new ListenAddress("chat.example.com", 443));
    assertThat(ListenAddress.parse("[::1]:8065")).isEqualTo(new ListenAddress("::1", 8065));
    assertThat(ListenAddress.parse("[::]:65535")).isEqualTo(new ListenAddress("::", 65535));
  }

  @Test
  void anEmptyHostMeansAllInterfaces() {
    assertThat(ListenAddress.parse(":8065").allInterfaces()).isTrue();
    assertThat(ListenAddress.parse("localhost:8065").allInterfaces()).isFalse();
  }

  @Test
  void printsBackInTheFormItParses() {
    for (String text : new String[] {":8065", "10.0.0.1:8074", "[fe80::1]:0"}) {
      assertThat(ListenAddress.parse(text)).hasToString(text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "8065", ":", "host:", ":65536", ":99999999", ":-1", ":+80", ":80a", "::1:8065", "[::1:8065", "a b:1", "a/b:1"})
  void rejectsWhatGoWouldNotListenOn(String text) {
    assertThatThrownBy(() -> ListenAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> ListenAddress.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
