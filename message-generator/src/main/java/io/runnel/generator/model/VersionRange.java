package io.runnel.generator.model;

/**
 * An inclusive range of API versions. {@code hi == OPEN} means "and every later version"; a range with
 * {@code lo > hi} is empty (the canonical empty range is {@link #NONE}).
 *
 * <p>Schema syntax ({@link #parse}, {@link #toString}): {@code N+} from N on, {@code A-B} inclusive,
 * {@code N} one version, {@code none} no version.
 */
public record VersionRange(int lo, int hi) {
    /** The upper bound of an open range: the largest version an int16 can carry. */
    public static final int OPEN = Short.MAX_VALUE;
    public static final VersionRange NONE = new VersionRange(1, 0);
    public static final VersionRange ALL = new VersionRange(0, OPEN);

    public VersionRange {
        if (lo < 0 || hi < 0 || lo > OPEN || hi > OPEN) {
            throw new IllegalArgumentException("version range " + lo + "-" + hi + " is outside 0-" + OPEN);
        }
    }

    /** Versions {@code from} and later. */
    public static VersionRange from(int from) {
        return new VersionRange(from, OPEN);
    }

    /**
     * Parses the schema syntax.
     *
     * @throws IllegalArgumentException on anything else, including a range whose end precedes its start
     */
    public static VersionRange parse(String text) {
        try {
            if (text.equals("none")) {
                return NONE;
            }
            if (text.endsWith("+")) {
                return from(version(text.substring(0, text.length() - 1)));
            }
            int dash = text.indexOf('-');
            if (dash < 0) {
                int v = version(text);
                return new VersionRange(v, v);
            }
            VersionRange r = new VersionRange(version(text.substring(0, dash)), version(text.substring(dash + 1)));
            if (r.isEmpty()) {
                throw new IllegalArgumentException("ends before it starts");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad version range '" + text + "' (expected N+, A-B, N or none): "
                    + e.getMessage(), e);
        }
    }

    private static int version(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a version number");
        }
        return Integer.parseInt(text);
    }

    public boolean isEmpty() {
        return lo > hi;
    }

    /** Whether there is no upper bound. */
    public boolean isOpenEnded() {
        return !isEmpty() && hi == OPEN;
    }

    public boolean contains(int version) {
        return version >= lo && version <= hi;
    }

    /** Whether every version of {@code other} is in this range; every range covers an empty one. */
    public boolean covers(VersionRange other) {
        return other.isEmpty() || (lo <= other.lo && hi >= other.hi);
    }

    /** The versions in both ranges; {@link #NONE} when they do not meet. */
    public VersionRange intersect(VersionRange other) {
        VersionRange r = new VersionRange(Math.max(lo, other.lo), Math.min(hi, other.hi));
        return r.isEmpty() ? NONE : r;
    }

    /** The schema syntax of this range. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (hi == OPEN) {
            return lo + "+";
        }
        return lo == hi ? String.valueOf(lo) : lo + "-" + hi;
    }
}
