package io.hotkeys.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisProtocolTest {
    @Test
    void encode_command_arrayOfBulkStringsWithByteLengths() {
        byte[] encoded = RedisProtocol.encode("SET", "clé", "");

        assertThat(new String(encoded, UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$0\r\n\r\n");
    }

    @Test
    void readReply_simpleString_returnsText() throws IOException {
        assertThat(read("+PONG\r\n")).isEqualTo("PONG");
    }

    @Test
    void readReply_integer_returnsDecimal() throws IOException {
        assertThat(read(":42\r\n")).isEqualTo("42");
    }

    @Test
    void readReply_bulkStringWithLineBreaks_returnsWholeText() throws IOException {
        assertThat(read("$11\r\na:1\r\nb:22\r\n\r\n")).isEqualTo("a:1\r\nb:22\r\n");
    }

    @Test
    void readReply_nullBulkString_returnsNull() throws IOException {
        assertThat(read("$-1\r\n")).isNull();
    }

    @Test
    void readReply_error_throwsWithServerMessage() {
        assertThatThrownBy(() -> read("-ERR unknown command\r\n"))
                .isInstanceOf(RedisProtocol.RedisErrorReply.class)
                .hasMessage("ERR unknown command");
    }

    @Test
    void readReply_truncatedBulkString_throws() {
        assertThatThrownBy(() -> read("$10\r\nabc"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void readReply_emptyStream_throws() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("before a reply");
    }

    private static String read(String reply) throws IOException {
        return RedisProtocol.readReply(new ByteArrayInputStream(reply.getBytes(UTF_8)));
    }
}
