package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RuleMatcherTest {

    @Test
    void longestLiteralMatchWins_whateverTheOrderOfRules() {
        RuleMatcher<String> matcher = new RuleMatcher<>();
        matcher.add(new Rule.Match("prefix", "/images/"), "images");
        matcher.add(new Rule.Match("prefix", "/images/logos/"), "logos");
        matcher.add(new Rule.Match("suffix", ".gif"), "gifs");
        matcher.add(new Rule.Match("substring", "logosmall"), "small-logos");
        matcher.add(new Rule.Match("exact", "/images/logos/a.gif"), "one");
        matcher.add(new Rule.Match("all", null), "rest");

        assertThat(matcher.match("/images/logos/a.gif")).isEqualTo("one");
        assertThat(matcher.match("/images/logos/b.gif")).isEqualTo("logos");
        assertThat(matcher.match("/images/x.gif")).isEqualTo("images");
        assertThat(matcher.match("/other/x.gif")).isEqualTo("gifs");
        assertThat(matcher.match("/images/NASA-logosmall.gif")).isEqualTo("small-logos");
        assertThat(matcher.match("/ksc.html")).isEqualTo("rest");
    }

    @Test
    void equalLengths_goToExactThenPrefixThenSuffixThenSubstring() {
        RuleMatcher<String> matcher = new RuleMatcher<>();
        matcher.add(new Rule.Match("substring", "abcd"), "substring");
        matcher.add(new Rule.Match("suffix", "abcd"), "suffix");
        matcher.add(new Rule.Match("prefix", "abcd"), "prefix");

        assertThat(matcher.match("abcd")).isEqualTo("prefix");
        assertThat(matcher.match("xabcd")).isEqualTo("suffix");
        assertThat(matcher.match("xabcdx")).isEqualTo("substring");
    }

    @Test
    void regexes_applyOnlyWhenNoLiteralRuleMatches_inTheirOrder() {
        RuleMatcher<String> matcher = new RuleMatcher<>();
        matcher.add(new Rule.Match("regex", "user:\\d+"), "users");
        matcher.add(new Rule.Match("regex", "user:.*"), "any-user");
        matcher.add(new Rule.Match("prefix", "user:4"), "user-4");

        assertThat(matcher.match("user:42")).isEqualTo("user-4");
        assertThat(matcher.match("user:7")).isEqualTo("users");
        assertThat(matcher.match("user:x")).isEqualTo("any-user");
        assertThat(matcher.match("item:1")).isNull();
    }

    @Test
    void emptyExactKey_andKeysShorterThanPatterns_areHandled() {
        RuleMatcher<String> matcher = new RuleMatcher<>();
        matcher.add(new Rule.Match("exact", ""), "empty");
        matcher.add(new Rule.Match("prefix", "longer-than-key"), "long");

        assertThat(matcher.match("")).isEqualTo("empty");
        assertThat(matcher.match("short")).isNull();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRegexThatWouldBacktrackWithoutEnd_isAbandoned_andTheNextRuleApplies() {
        List<String> abandoned = new ArrayList<>();
        RuleMatcher<String> matcher =
                new RuleMatcher<>(
                        (regex, key, tooDeep) ->
                                abandoned.add(regex + " on " + key.length() + " deep " + tooDeep));
        matcher.add(new Rule.Match("regex", "(.*a){20}"), "catastrophic");
        matcher.add(new Rule.Match("regex", "a*c"), "as-then-c");
        matcher.add(new Rule.Match("all", null), "rest");

        // Without a bound each failing match tries on the order of 40^19 ways to split the key.
        assertThat(matcher.match("a".repeat(40) + "c")).isEqualTo("as-then-c");
        assertThat(matcher.match("a".repeat(40) + "b")).isEqualTo("rest");
        assertThat(matcher.match("c")).isEqualTo("as-then-c");
        assertThat(abandoned)
                .containsExactly("(.*a){20} on 41 deep false", "(.*a){20} on 41 deep false");
    }

    @Test
    void theBound_leavesLinearMatchesOnTheLongestKeysAlone() {
        List<String> abandoned = new ArrayList<>();
        RuleMatcher<String> matcher =
                new RuleMatcher<>((regex, key, tooDeep) -> abandoned.add(regex));
        matcher.add(new Rule.Match("regex", "user:\\d+"), "users");
        matcher.add(new Rule.Match("regex", "[xy]*z"), "xy");

        String longestKey = "user:" + "7".repeat(KeyCodec.MAX_KEY_BYTES - 5);
        assertThat(matcher.match(longestKey)).isEqualTo("users");
        assertThat(matcher.match("xy".repeat(KeyCodec.MAX_KEY_BYTES / 2 - 1) + "z"))
                .isEqualTo("xy");
        assertThat(matcher.match("user:" + "7".repeat(100) + "x")).isNull();
        assertThat(abandoned).isEmpty();
    }

    @Test
    void aRegexThatRecursesPastTheStackOnALongKey_isGivenUp_andSaysSo() {
        List<String> abandoned = new ArrayList<>();
        RuleMatcher<String> matcher =
                new RuleMatcher<>(
                        (regex, key, tooDeep) -> abandoned.add(regex + " deep " + tooDeep));
        matcher.add(new Rule.Match("regex", "(?:x|y)*z"), "alternatives");
        matcher.add(new Rule.Match("all", null), "rest");

        assertThat(matcher.match("xyxyz")).isEqualTo("alternatives");
        assertThat(matcher.match("xy".repeat(KeyCodec.MAX_KEY_BYTES / 2 - 1) + "z"))
                .isEqualTo("rest");
        assertThat(abandoned).containsExactly("(?:x|y)*z deep true");
    }
}
