package io.hotkeys.tools.trace;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real traces that live beside the project checkout, in {@code ../shared/data}, rather
 * than inside it (they are other people's data, with their own licences).
 *
 * <p>The folder is the value of the system property {@value #DATA_DIR_PROPERTY} when set; otherwise
 * the first {@code shared/data} folder found in the working directory or one of its ancestors. From
 * a module directory such as {@code main/hotkey-tools} that is {@code ../../shared/data}, i.e.
 * {@code shared/data} beside the repository.
 */
public final class SharedTraces {
    /** System property naming the data folder explicitly. */
    public static final String DATA_DIR_PROPERTY = "hotkeys.data.dir";

    /** HTTP requests to NASA's Kennedy Space Center web server, 1 August 1995. */
    public static final String NASA_KSC = "nasa_ksc_1995-08-01.tsv";

    /** A sample of Meta's key-value cache trace, January 2024. */
    public static final String META_KVCACHE = "meta_kvcache_202401_kv_traces_1.csv";

    /** A sample of Meta's block storage cache trace. */
    public static final String META_TECTONIC = "meta_tectonic_block_traces_1.csv";

    /** The first 100 requests of a Twitter cache trace, March 2020. */
    public static final String TWITTER = "twitter_2020Mar_sample100.csv";

    private static final Path RELATIVE_DIR = Path.of("shared", "data");

    private SharedTraces() {}

    /**
     * Returns the data folder.
     *
     * @throws IllegalStateException saying where it looked if there is no such folder
     */
    public static Path dataDir() {
        return dataDir(System.getProperty(DATA_DIR_PROPERTY), Path.of(""));
    }

    /**
     * Returns a file of the data folder, such as {@link #NASA_KSC}.
     *
     * @throws IllegalStateException if there is no data folder or no such file in it
     */
    public static Path file(String name) {
        Path file = dataDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("trace " + file + " does not exist");
        }
        return file;
    }

    /**
     * Returns the data folder given the property's value (null when unset) and the folder to start
     * looking from.
     */
    static Path dataDir(String property, Path start) {
        if (property != null && !property.isBlank()) {
            return explicitDir(Path.of(property));
        }
        Path from = start.toAbsolutePath().normalize();
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_DIR);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no "
                        + RELATIVE_DIR
                        + " folder in "
                        + from
                        + " or any folder above it; put the traces there or set -D"
                        + DATA_DIR_PROPERTY
                        + "=<folder>");
    }

    private static Path explicitDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    DATA_DIR_PROPERTY + " is '" + dir + "', which is not a folder");
        }
        return dir;
    }
}
