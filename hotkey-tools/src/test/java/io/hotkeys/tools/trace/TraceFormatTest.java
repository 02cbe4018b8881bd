package io.hotkeys.tools.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceFormatTest {

    @Test
    void detect_onEachSharedTrace_findsItsFormat() throws IOException {
        assertThat(detectFile(SharedTraces.NASA_KSC)).isEqualTo(TraceFormat.NASA_TSV);
        assertThat(detectFile(SharedTraces.META_KVCACHE)).isEqualTo(TraceFormat.META_KVCACHE);
        assertThat(detectFile(SharedTraces.META_TECTONIC)).isEqualTo(TraceFormat.META_TECTONIC);
        assertThat(detectFile(SharedTraces.TWITTER)).isEqualTo(TraceFormat.TWITTER);
    }

    @Test
    void detect_commonAndCombinedLogLines_findsCommonLog() {
        String common = "h1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.0\" 200 2326";
        String combined = common + " \"http://example.com/\" \"Mozilla/4.08\"";

        assertThat(TraceFormat.detect(List.of(common))).contains(TraceFormat.COMMON_LOG);
        assertThat(TraceFormat.detect(List.of(combined, common))).contains(TraceFormat.COMMON_LOG);
    }

    @Test
    void detect_headerlessFormat_toleratesAMinorityOfBadLines() {
        List<String> lines =
                List.of("garbage", "1,k1,2,3,4,get,0", "", "2,k2,2,3,4,set,60", "3,k3,2,3,4,get,0");

        assertThat(TraceFormat.detect(lines)).contains(TraceFormat.TWITTER);
    }

    @Test
    void detect_metaDataRowsWithoutHeader_isNotMistakenForTwitter() {
        List<String> kvcacheRows = List.of("604038471,82131353f9ddc8c6,48,GET,1,87,1,0,3,3");

        assertThat(TraceFormat.detect(kvcacheRows)).isEmpty();
    }

    @Test
    void detect_blankOrUnknownText_findsNothing() {
        assertThat(TraceFormat.detect(List.of())).isEmpty();
        assertThat(TraceFormat.detect(List.of("", "  "))).isEmpty();
        assertThat(TraceFormat.detect(List.of("hello world"))).isEmpty();
    }

    @Test
    void fromId_acceptsIdsAndConstantNames_ignoringCase() {
        assertThat(TraceFormat.fromId("clf")).isEqualTo(TraceFormat.COMMON_LOG);
        assertThat(TraceFormat.fromId("Meta-Kvcache")).isEqualTo(TraceFormat.META_KVCACHE);
        assertThat(TraceFormat.fromId("nasa_tsv")).isEqualTo(TraceFormat.NASA_TSV);
    }

    @Test
    void fromId_unknownName_listsTheKnownOnes() {
        assertThatThrownBy(() -> TraceFormat.fromId("csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown trace format 'csv'; known formats: nasa-tsv, meta-kvcache,"
                                + " meta-tectonic, twitter, clf");
    }

    private static TraceFormat detectFile(String name) throws IOException {
        return TraceFormat.detect(SharedTraces.file(name)).orElseThrow();
    }
}
