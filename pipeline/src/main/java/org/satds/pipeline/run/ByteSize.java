package org.satds.pipeline.run;

import java.util.Locale;

/** Memory sizes as the JVM's -Xmx spells them: a number with an optional k, m, g or t suffix (powers of 1024). */
public final class ByteSize {
    private ByteSize() {}

    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
        int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String number = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            double value = Double.parseDouble(number);
            if (value <= 0 || !Double.isFinite(value)) throw new NumberFormatException();
            return (long) Math.ceil(value * (1L << shift));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: '" + text + "' (examples: 6g, 512m)");
        }
    }

    public static String format(long bytes) {
        if (bytes < 1L << 20) return bytes < 1024 ? bytes + " bytes" : String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }
}
