package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentEncodingCheckTest {

    @Test
    void findsTheFirstBrokenEscape() {
        assertEquals(-1, PercentEncodingCheck.firstBrokenEscape("/api/v1/counts?from=2026-11-22T08%3A00%3A00Z"));
        assertEquals(-1, PercentEncodingCheck.firstBrokenEscape("/a%C0%AF%ff%00"));
        assertEquals(20, PercentEncodingCheck.firstBrokenEscape("/api/v1/counts?from=%zz"));
        assertEquals(2, PercentEncodingCheck.firstBrokenEscape("/a%"));
        assertEquals(2, PercentEncodingCheck.firstBrokenEscape("/a%4"));
        assertEquals(5, PercentEncodingCheck.firstBrokenEscape("/a%41%g1"));
    }
}
