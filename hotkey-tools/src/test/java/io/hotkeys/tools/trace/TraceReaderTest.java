package io.hotkeys.tools.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TraceReaderTest {

    @Test
    void nasaTrace_readsEveryRequest_withUrlAsKeyAndTimeInMs() throws IOException {
        Read read = readAll(SharedTraces.NASA_KSC);

        assertThat(read.format()).isEqualTo(TraceFormat.NASA_TSV);
        assertThat(read.accesses()).hasSize(30_969);
        assertThat(read.distinctKeys()).isEqualTo(2_088);
        assertThat(read.accesses().get(0))
                .isEqualTo(Access.of(807_256_800_000L, "/images/launch-logo.gif"));
        assertThat(read.accesses()).allMatch(access -> access.weight() == 1);
        assertCleanRead(read, 30_969);
    }

    @Test
    void kvcacheTrace_weighsRowsByOpCount_countingEveryOperation() throws IOException {
        Read read = readAll(SharedTraces.META_KVCACHE);

        assertThat(read.format()).isEqualTo(TraceFormat.META_KVCACHE);
        assertThat(read.accesses()).hasSize(99);
        assertThat(read.stats().totalWeight()).isEqualTo(691);
        assertThat(read.distinctKeys()).isEqualTo(52);
        assertThat(weightOf(read, "40e66a458581a103")).isEqualTo(448);
        assertThat(read.accesses().get(1))
                .isEqualTo(new Access(604_038_471_000L, "a54f88ab02ece24d", 3));
        assertCleanRead(read, 99);
    }

    @Test
    void tectonicTrace_usesBlockIdAsKey() throws IOException {
        Read read = readAll(SharedTraces.META_TECTONIC);

        assertThat(read.format()).isEqualTo(TraceFormat.META_TECTONIC);
        assertThat(read.accesses()).hasSize(999);
        assertThat(read.distinctKeys()).isEqualTo(625);
        assertThat(read.accesses().get(0).key()).isEqualTo("12ce23eaa5534a38-9e05ce05bc10d4d0");
        assertThat(read.stats().totalWeight())
                .isEqualTo(read.accesses().stream().mapToLong(Access::weight).sum());
        assertCleanRead(read, 999);
    }

    @Test
    void twitterTrace_keepsKeysWithSlashes_andLastLineWithoutNewline() throws IOException {
        Read read = readAll(SharedTraces.TWITTER);

        assertThat(read.format()).isEqualTo(TraceFormat.TWITTER);
        assertThat(read.accesses()).hasSize(100);
        assertThat(read.distinctKeys()).isEqualTo(85);
        assertThat(read.accesses()).extracting(Access::key).contains("q:q:1:/8N/7nuHee");
        assertThat(read.accesses().get(0)).isEqualTo(Access.of(0, "q:q:1:8WTwl7huJeQ"));
        assertCleanRead(read, 100);
    }

    @Test
    void malformedLines_areSkippedAndCounted_withLineNumberAndReason() throws IOException {
        String text =
                String.join(
                        "\n",
                        "time\tclient\tmethod\turl\tstatus\tbytes",
                        "100\tc1\tGET\t/a\t200\t10",
                        "abc\tc1\tGET\t/b\t200\t10",
                        "",
                        "101\tc1\tGET",
                        "102\tc1\tGET\t\t200\t10",
                        "103\tc1\tGET\t/c\t200\t10");

        Read read = readAll(TraceReader.of(new StringReader(text)));

        assertThat(read.accesses()).extracting(Access::key).containsExactly("/a", "/c");
        assertThat(read.stats().skippedLines()).isEqualTo(3);
        assertThat(read.stats().dataLines()).isEqualTo(5);
        assertThat(read.stats().problems())
                .extracting(TraceProblem::toString)
                .containsExactly(
                        "line 3: time 'abc' is not a number",
                        "line 5: expected at least 4 fields split by tab, found 3",
                        "line 6: url is empty");
    }

    @Test
    void malformedWeights_areReportedWithTheColumnName() throws IOException {
        String text =
                String.join(
                        "\n",
                        "op_time,key,key_size,op,op_count,size",
                        "10,k1,2,GET,x,0",
                        "10,k1,2,GET,0,0",
                        "10,k1,2,GET,2,0");

        Read read = readAll(TraceReader.of(new StringReader(text)));

        assertThat(read.accesses()).containsExactly(new Access(10_000, "k1", 2));
        assertThat(read.stats().problems())
                .extracting(TraceProblem::toString)
                .containsExactly(
                        "line 2: op_count 'x' is not a whole number",
                        "line 3: op_count '0' is less than 1");
    }

    @Test
    void manyMalformedLines_keepOnlyTheFirstProblems_butCountAll() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("bad,k,1,1,1,get,0\n");
        }

        Read read = readAll(TraceReader.of(new StringReader(text.toString()), TraceFormat.TWITTER));

        assertThat(read.accesses()).isEmpty();
        assertThat(read.stats().skippedLines()).isEqualTo(25);
        assertThat(read.stats().problems()).hasSize(TraceReader.MAX_PROBLEMS_KEPT);
        assertThat(read.stats().problems().get(9).lineNumber()).isEqualTo(10);
    }

    @Test
    void timesGoingBack_areReturnedAsIs_andCounted() {
        String text = "5,a,1,1,1,get,0\n3,b,1,1,1,get,0\n4,c,1,1,1,get,0\n6,d,1,1,1,get,0\n";

        Read read = readAll(TraceReader.of(new StringReader(text), TraceFormat.TWITTER));

        assertThat(read.accesses())
                .extracting(Access::timeMs)
                .containsExactly(5_000L, 3_000L, 4_000L, 6_000L);
        assertThat(read.stats().outOfOrder()).isEqualTo(2);
    }

    @Test
    void headerFormatWithoutHeader_usesTheDocumentedColumns() {
        String text = "7,k1,2,GET,4,0,0,0,1,1\n8,k2,2,SET,1,0,0,0,1,1\n";

        Read read = readAll(TraceReader.of(new StringReader(text), TraceFormat.META_KVCACHE));

        assertThat(read.accesses())
                .containsExactly(new Access(7_000, "k1", 4), new Access(8_000, "k2", 1));
    }

    @Test
    void headerWithReorderedColumns_isFollowed() {
        String text = "key,op_count,op_time\nk1,3,1.5\n";

        Read read = readAll(TraceReader.of(new StringReader(text), TraceFormat.META_KVCACHE));

        assertThat(read.accesses()).containsExactly(new Access(1_500, "k1", 3));
    }

    @Test
    void byteOrderMark_beforeTheHeader_isIgnored() throws IOException {
        String text = "\uFEFFop_time,block_id,op_count\n1,b1,2\n";

        Read read = readAll(TraceReader.of(new StringReader(text)));

        assertThat(read.format()).isEqualTo(TraceFormat.META_TECTONIC);
        assertThat(read.accesses()).containsExactly(new Access(1_000, "b1", 2));
    }

    @Test
    void unrecognisedText_failsToOpen_namingTheFormats() {
        assertThatThrownBy(() -> TraceReader.of(new StringReader("hello\nworld\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot tell the format")
                .hasMessageContaining("nasa-tsv");
    }

    @Test
    void stream_closesTheReader_whenClosed() throws IOException {
        TraceReader reader = TraceReader.open(SharedTraces.file(SharedTraces.TWITTER));

        try (Stream<Access> accesses = reader.stream()) {
            assertThat(accesses.limit(3)).hasSize(3);
        }

        assertThat(reader.hasNext()).isFalse();
    }

    @Test
    void explicitFormat_overridesDetection() throws IOException {
        Path nasa = SharedTraces.file(SharedTraces.NASA_KSC);

        try (TraceReader reader = TraceReader.open(nasa, TraceFormat.META_KVCACHE)) {
            assertThat(reader.format()).isEqualTo(TraceFormat.META_KVCACHE);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.stats().skippedLines()).isEqualTo(30_970);
            assertThat(reader.stats().problems().get(0))
                    .hasToString("line 1: expected at least 5 fields split by ',', found 1");
        }
    }

    private static void assertCleanRead(Read read, long rows) {
        assertThat(read.stats().dataLines()).isEqualTo(rows);
        assertThat(read.stats().accesses()).isEqualTo(rows);
        assertThat(read.stats().skippedLines()).isZero();
        assertThat(read.stats().problems()).isEmpty();
        assertThat(read.stats().outOfOrder()).isZero();
    }

    private static long weightOf(Read read, String key) {
        return read.accesses().stream()
                .filter(access -> access.key().equals(key))
                .mapToLong(Access::weight)
                .sum();
    }

    private static Read readAll(String file) throws IOException {
        return readAll(TraceReader.open(SharedTraces.file(file)));
    }

    private static Read readAll(TraceReader reader) {
        List<Access> accesses = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(accesses::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Read(reader.format(), accesses, reader.stats());
    }

    private record Read(TraceFormat format, List<Access> accesses, TraceStats stats) {
        int distinctKeys() {
            Set<String> keys = new HashSet<>();
            accesses.forEach(access -> keys.add(access.key()));
            return keys.size();
        }
    }
}
