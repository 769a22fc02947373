package chorus.persistence.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchTermsTest {

  @Test
  void plainWordsInOrder() {
    SearchTerms terms = SearchTerms.parse("  hello   big\tworld ");

    assertThat(terms.words()).containsExactly("hello", "big", "world");
    assertThat(terms.hasNoText()).isFalse();
  }

  @Test
  void quotedPhrasesKeepTheirWordsTogether() {
    SearchTerms terms = SearchTerms.parse("before \"out  of office\" after \"second phrase\"");

    assertThat(terms.phrases()).containsExactly("out of office", "second phrase");
    assertThat(terms.words()).containsExactly("before", "after");
  }

  @Test
  void anUnterminatedQuoteRunsToTheEnd() {
    assertThat(SearchTerms.parse("x \"open phrase").phrases()).containsExactly("open phrase");
  }

  @Test
  void emptyQuotesAreIgnored() {
    assertThat(SearchTerms.parse("\"\" \"  \" word").phrases()).isEmpty();
  }

  @Test
  void excludedWordsPhrasesAndPrefixes() {
    SearchTerms terms = SearchTerms.parse("keep -drop -\"not this\" -pre*");

    assertThat(terms.words()).containsExactly("keep");
    assertThat(terms.excludedWords()).containsExactly("drop");
    assertThat(terms.excludedPhrases()).containsExactly("not this");
    assertThat(terms.excludedPrefixes()).containsExactly("pre");
  }

  @Test
  void trailingStarMakesAPrefix() {
    SearchTerms terms = SearchTerms.parse("deploy* rel** exact");

    assertThat(terms.prefixes()).containsExactly("deploy", "rel");
    assertThat(terms.words()).containsExactly("exact");
  }

  @Test
  void fromAndInFlags() {
    SearchTerms terms = SearchTerms.parse("from:Alice from:@bob in:town-square channel:off-topic in:~dev in:@carol");

    assertThat(terms.fromUsers()).containsExactly("alice", "bob");
    assertThat(terms.inChannels()).containsExactly("town-square", "off-topic", "dev", "@carol");
    assertThat(terms.hasNoText()).isTrue();
    assertThat(terms.isEmpty()).isFalse();
  }

  @Test
  void excludedFromAndIn() {
    SearchTerms terms = SearchTerms.parse("-from:eve -in:random word");

    assertThat(terms.excludedFromUsers()).containsExactly("eve");
    assertThat(terms.excludedInChannels()).containsExactly("random");
    assertThat(terms.words()).containsExactly("word");
  }

  @Test
  void flagsAreCaseInsensitive() {
    SearchTerms terms = SearchTerms.parse("FROM:alice In:dev ON:2024-02-29");

    assertThat(terms.fromUsers()).containsExactly("alice");
    assertThat(terms.inChannels()).containsExactly("dev");
    assertThat(terms.on()).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void dateFlags() {
    SearchTerms terms = SearchTerms.parse("before:2024-03-10 after:2024-1-5 on:2023-12-31");

    assertThat(terms.before()).isEqualTo(LocalDate.of(2024, 3, 10));
    assertThat(terms.after()).isEqualTo(LocalDate.of(2024, 1, 5));
    assertThat(terms.on()).isEqualTo(LocalDate.of(2023, 12, 31));
  }

  @Test
  void invalidDatesAreIgnoredAndTheLastValidOneCounts() {
    assertThat(SearchTerms.parse("before:2023-02-30").before()).isNull();
    assertThat(SearchTerms.parse("before:yesterday").before()).isNull();
    assertThat(SearchTerms.parse("on:2024-01-01 on:2024-01-02 on:nonsense").on()).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(SearchTerms.parse("before:yesterday").words()).isEmpty();
  }

  @Test
  void unknownFlagsAreWordsAndEmptyFlagsAreIgnored() {
    SearchTerms terms = SearchTerms.parse("http://example.com from: in: note:this");

    assertThat(terms.words()).containsExactly("http://example.com", "note:this");
    assertThat(terms.fromUsers()).isEmpty();
    assertThat(terms.inChannels()).isEmpty();
  }

  @Test
  void tokensWithoutLettersOrDigitsAreDropped() {
    SearchTerms terms = SearchTerms.parse("- * -- && \"!!\" ok");

    assertThat(terms.words()).containsExactly("ok");
    assertThat(terms.prefixes()).isEmpty();
    assertThat(terms.excludedWords()).isEmpty();
    assertThat(terms.phrases()).isEmpty();
  }

  @Test
  void hashtagsAndPunctuationStayInTheWord() {
    assertThat(SearchTerms.parse("#release don't e-mail").words()).containsExactly("#release", "don't", "e-mail");
  }

  @Test
  void unicodeWords() {
    assertThat(SearchTerms.parse("café 東京 naïve*").words()).containsExactly("café", "東京");
    assertThat(SearchTerms.parse("naïve*").prefixes()).containsExactly("naïve");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t\n"})
  void blankInputIsEmpty(String input) {
    assertThat(SearchTerms.parse(input).isEmpty()).isTrue();
  }

  @Test
  void prefixTextKeepsOnlyLettersAndDigits() {
    assertThat(PostSearchQuery.prefixText("Deploy")).contains("deploy:*");
    assertThat(PostSearchQuery.prefixText("foo-ba")).contains("foo & ba:*");
    assertThat(PostSearchQuery.prefixText("a'|!(b)")).contains("a & b:*");
    assertThat(PostSearchQuery.prefixText("'&|")).isEmpty();
  }
}
