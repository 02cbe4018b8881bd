package io.hotkeys.tools.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonLogFormatTest {
    private final CommonLogParser parser = new CommonLogParser();

    @Test
    void parse_commonLine_takesPathAndAppliesTheZoneOffset() throws MalformedLineException {
        Access access =
                parser.parse(
                        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700]"
                                + " \"GET /apache_pb.gif HTTP/1.0\" 200 2326");

        assertThat(access.key()).isEqualTo("/apache_pb.gif");
        assertThat(access.weight()).isEqualTo(1);
        assertThat(Instant.ofEpochMilli(access.timeMs()))
                .isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
    }

    @Test
    void parse_sameInstantInTwoZones_givesTheSameTime() throws MalformedLineException {
        long utc = parser.parse(line("[01/Aug/1995:06:00:00 +0000]", "GET /x")).timeMs();
        long east = parser.parse(line("[01/Aug/1995:08:00:00 +0200]", "GET /x")).timeMs();
        long west = parser.parse(line("[31/Jul/1995:23:00:00 -0700]", "GET /x")).timeMs();

        assertThat(utc).isEqualTo(807_256_800_000L).isEqualTo(east).isEqualTo(west);
    }

    @Test
    void parse_combinedLine_ignoresReferrerAndAgent() throws MalformedLineException {
        Access access =
                parser.parse(
                        "h - - [10/Oct/2000:13:55:36 -0700] \"GET /a?b=1 HTTP/1.1\" 304 -"
                                + " \"http://example.com/start.html\" \"Mozilla/4.08 [en]\"");

        assertThat(access.key()).isEqualTo("/a?b=1");
    }

    @Test
    void parse_requestWithoutProtocolOrWithEscapedQuote_stillHasAPath()
            throws MalformedLineException {
        assertThat(parser.parse(line("[10/Oct/2000:13:55:36 -0700]", "GET /old")).key())
                .isEqualTo("/old");
        assertThat(parser.parse(line("[10/Oct/2000:13:55:36 -0700]", "GET /q\\\"x HTTP/1.0")).key())
                .isEqualTo("/q\\\"x");
    }

    @Test
    void parse_monthNamesAnyCase_areEnglish() throws MalformedLineException {
        long lower = parser.parse(line("[10/oct/2000:13:55:36 +0000]", "GET /x")).timeMs();
        long upper = parser.parse(line("[10/OCT/2000:13:55:36 +0000]", "GET /x")).timeMs();

        assertThat(lower).isEqualTo(upper).isEqualTo(971_186_136_000L);
    }

    @Test
    void parse_badDateOrRequest_saysWhich() {
        assertThatThrownBy(() -> parser.parse(line("[10/Okt/2000:13:55:36 -0700]", "GET /x")))
                .hasMessage(
                        "date '10/Okt/2000:13:55:36 -0700' is not like 10/Oct/2000:13:55:36"
                                + " -0700");
        assertThatThrownBy(() -> parser.parse(line("[31/Feb/2000:13:55:36 -0700]", "GET /x")))
                .hasMessageStartingWith("date '31/Feb/2000");
        assertThatThrownBy(() -> parser.parse(line("[10/Oct/2000:13:55:36]", "GET /x")))
                .hasMessageStartingWith("date '10/Oct/2000:13:55:36'");
        assertThatThrownBy(() -> parser.parse(line("[10/Oct/2000:13:55:36 -0700]", "-")))
                .hasMessage("request '-' has no target path");
        assertThatThrownBy(() -> parser.parse("just some text"))
                .hasMessageStartingWith("not a Common Log Format line");
    }

    @Test
    void reader_commonLog_reportsBadLinesByNumber() throws IOException {
        String text =
                String.join(
                        "\n",
                        line("[10/Oct/2000:13:55:36 -0700]", "GET /a HTTP/1.0"),
                        line("[10/Oct/2000:13:55:37 -0700]", "GET /b HTTP/1.0"),
                        line("[10/Oct/2000:13:55:38 -0700]", "-"),
                        line("[10/Oct/2000:13:55:35 -0700]", "GET /c HTTP/1.0"));

        List<Access> accesses = new ArrayList<>();
        TraceStats stats;
        try (TraceReader reader = TraceReader.of(new StringReader(text))) {
            assertThat(reader.format()).isEqualTo(TraceFormat.COMMON_LOG);
            reader.forEachRemaining(accesses::add);
            stats = reader.stats();
        }

        assertThat(accesses).extracting(Access::key).containsExactly("/a", "/b", "/c");
        assertThat(stats.problems()).extracting(TraceProblem::lineNumber).containsExactly(3L);
        assertThat(stats.outOfOrder()).isEqualTo(1);
    }

    private static String line(String date, String request) {
        return "host - - " + date + " \"" + request + "\" 200 100";
    }
}
