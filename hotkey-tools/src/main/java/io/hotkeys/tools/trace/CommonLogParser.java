package io.hotkeys.tools.trace;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses web server logs in the Common Log Format, {@code host ident user [10/Oct/2000:13:55:36
 * -0700] "GET /path HTTP/1.0" 200 2326}, and in the Combined format, which adds the referrer and
 * user agent after the size (anything after the size is ignored). Every line weighs 1.
 *
 * <p>The key is the request target exactly as logged, query string included: a web cache keys on
 * the whole target, so {@code /a?x=1} and {@code /a?x=2} are different keys. A request without a
 * target (such as {@code "-"}, logged for a connection that sent nothing) is malformed.
 *
 * <p>Month names are matched in English whatever the default locale, since that is what servers
 * write.
 */
final class CommonLogParser implements LineParser {
    private static final Pattern LINE =
            Pattern.compile(
                    "(\\S+) (\\S+) (\\S+) \\[([^\\]]*)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\S+) (\\S+)"
                            + "(?: .*)?");
    private static final int DATE = 4;
    private static final int REQUEST = 5;
    private static final DateTimeFormatter DATE_FORMAT = dateFormat();

    @Override
    public Access parse(String line) throws MalformedLineException {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            throw new MalformedLineException(
                    "not a Common Log Format line (host ident user [date] \"request\" status"
                            + " size)");
        }

        long timeMs = parseDate(matcher.group(DATE));
        return Access.of(timeMs, target(matcher.group(REQUEST)));
    }

    /** Returns the epoch milliseconds of a date such as {@code 10/Oct/2000:13:55:36 -0700}. */
    static long parseDate(String date) throws MalformedLineException {
        try {
            return OffsetDateTime.parse(date, DATE_FORMAT).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new MalformedLineException(
                    "date " + Fields.quote(date) + " is not like 10/Oct/2000:13:55:36 -0700");
        }
    }

    private static String target(String request) throws MalformedLineException {
        String[] parts = request.split(" ", -1);
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw new MalformedLineException(
                    "request " + Fields.quote(request) + " has no target path");
        }
        return parts[1];
    }

    private static DateTimeFormatter dateFormat() {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
                .appendLiteral('/')
                .appendText(ChronoField.MONTH_OF_YEAR, englishMonths())
                .appendPattern("/uuuu:HH:mm:ss xx")
                .toFormatter()
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private static Map<Long, String> englishMonths() {
        String[] names = {
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        };
        Map<Long, String> months = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            months.put(i + 1L, names[i]);
        }
        return months;
    }
}
