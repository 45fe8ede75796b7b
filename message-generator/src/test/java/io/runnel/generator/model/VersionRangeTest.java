package io.runnel.generator.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionRangeTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new VersionRange(3, VersionRange.OPEN), VersionRange.parse("3+"));
        assertEquals(new VersionRange(0, 8), VersionRange.parse("0-8"));
        assertEquals(new VersionRange(5, 5), VersionRange.parse("5"));
        assertEquals(VersionRange.NONE, VersionRange.parse("none"));
        assertTrue(VersionRange.parse("none").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3+", "0-8", "5", "none", "0+"})
    void printsWhatItParses(String text) {
        assertEquals(text, VersionRange.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "3-", "-3", "5-3", "3++", "1.5", "+", "40000", "3 -5", "a-b"})
    void rejectsAnythingElseNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void containsItsBoundsAndNothingOutside() {
        VersionRange r = VersionRange.parse("2-4");
        assertFalse(r.contains(1));
        assertTrue(r.contains(2));
        assertTrue(r.contains(4));
        assertFalse(r.contains(5));
        assertTrue(VersionRange.parse("9+").contains(Short.MAX_VALUE));
        assertFalse(VersionRange.NONE.contains(0));
        assertFalse(VersionRange.NONE.contains(1));
    }

    @Test
    void intersectsToTheCommonVersionsOrNone() {
        assertEquals(new VersionRange(5, 8), VersionRange.parse("0-8").intersect(VersionRange.parse("5+")));
        assertEquals(new VersionRange(3, 12), VersionRange.ALL.intersect(VersionRange.parse("3-12")));
        assertEquals(VersionRange.NONE, VersionRange.parse("0-2").intersect(VersionRange.parse("3+")));
        assertEquals(VersionRange.NONE, VersionRange.NONE.intersect(VersionRange.ALL));
    }

    @Test
    void coversRangesInsideIt() {
        VersionRange r = VersionRange.parse("3-12");
        assertTrue(r.covers(VersionRange.parse("3-12")));
        assertTrue(r.covers(VersionRange.parse("4-5")));
        assertFalse(r.covers(VersionRange.parse("2-5")));
        assertFalse(r.covers(VersionRange.parse("12+")));
        assertTrue(r.covers(VersionRange.NONE));
        assertFalse(VersionRange.NONE.covers(r));
    }

    @Test
    void openEndedOnlyWithoutUpperBound() {
        assertTrue(VersionRange.parse("9+").isOpenEnded());
        assertFalse(VersionRange.parse("0-9").isOpenEnded());
        assertFalse(VersionRange.NONE.isOpenEnded());
    }

    @Test
    void flexibleVersionsOfAMessage() {
        MessageDef flexible = new MessageDef("FooRequest", 1, VersionRange.parse("3-12"), VersionRange.parse("9+"));
        assertFalse(flexible.neverFlexible());
        assertEquals(9, flexible.firstFlexible());
        assertFalse(flexible.isFlexible(8));
        assertTrue(flexible.isFlexible(9));
        assertTrue(flexible.isFlexible(12));

        MessageDef never = new MessageDef("BarRequest", 2, VersionRange.parse("0-3"), VersionRange.NONE);
        assertTrue(never.neverFlexible());
        assertEquals(VersionRange.OPEN, never.firstFlexible());
        assertFalse(never.isFlexible(3));

        assertThrows(IllegalArgumentException.class,
                () -> new MessageDef("BazRequest", 3, VersionRange.parse("0-9"), VersionRange.parse("3-5")));
    }
}
