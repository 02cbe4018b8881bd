package io.hotkeys.stack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code redis-server} executable that {@link LocalRedis} runs.
 *
 * <p>An explicit choice (the builder's, else the {@value #PROPERTY} system property) is used as
 * given and never replaced by another binary: a wrong setting is reported, not worked around.
 * Without one, the first executable {@code redis-server} on the {@code PATH} wins, then the places
 * where Debian's package and a source build put it.
 */
final class RedisServerBinary {
    static final String PROPERTY = "hotkeys.redis.server";

    static final String HOW_TO_FIX =
            "install it with: apt-get install redis-server, or set -D"
                    + PROPERTY
                    + "=/path/to/redis-server";

    private static final String NAME = "redis-server";
    private static final List<Path> USUAL_PLACES =
            List.of(Path.of("/usr/bin", NAME), Path.of("/usr/local/bin", NAME));

    private RedisServerBinary() {}

    /**
     * Returns the binary to run.
     *
     * @param chosen the builder's choice, or {@code null} to look further
     * @throws LocalServerException if the chosen binary or, without a choice, any binary is
     *     missing; the message says how to install one
     */
    static Path locate(Path chosen) {
        if (chosen != null) {
            return checkChosen(chosen, "LocalRedis.Builder.redisServer");
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return checkChosen(Path.of(property.trim()), "-D" + PROPERTY);
        }
        for (Path candidate : candidates(System.getenv("PATH"))) {
            if (isExecutableFile(candidate)) {
                return candidate;
            }
        }
        throw new LocalServerException(
                NAME
                        + " was not found on the PATH, in /usr/bin or in /usr/local/bin; "
                        + HOW_TO_FIX);
    }

    /** Every {@code redis-server} on {@code searchPath} in order, then the usual places. */
    static List<Path> candidates(String searchPath) {
        List<Path> candidates = new ArrayList<>();
        if (searchPath != null) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, NAME));
                }
            }
        }
        candidates.addAll(USUAL_PLACES);
        return candidates;
    }

    private static Path checkChosen(Path binary, String source) {
        if (!isExecutableFile(binary)) {
            throw new LocalServerException(
                    NAME
                            + " "
                            + binary
                            + " (from "
                            + source
                            + ") is not an executable file; "
                            + HOW_TO_FIX);
        }
        return binary;
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }
}
