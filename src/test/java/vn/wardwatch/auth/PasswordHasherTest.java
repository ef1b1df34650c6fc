package vn.wardwatch.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashHasTheDocumentedShapeAndChecksTheRightPasswordOnly() {
        PasswordHasher hasher = new PasswordHasher();
        String stored = hasher.hash("correct horse battery".toCharArray());
        String[] parts = stored.split("\\$");
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("600000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
        assertTrue(hasher.matches("correct horse battery".toCharArray(), stored));
        assertFalse(hasher.matches("correct horse batterY".toCharArray(), stored));
    }

    @Test
    void sameePasswordGetsADifferentSaltEachTime() {
        PasswordHasher hasher = new PasswordHasher(1000);
        assertNotEquals(hasher.hash("password-1234".toCharArray()), hasher.hash("password-1234".toCharArray()));
    }

    @Test
    void malformedStoredHashNeverMatches() {
        PasswordHasher hasher = new PasswordHasher(1000);
        assertFalse(hasher.matches("x".toCharArray(), null));
        assertFalse(hasher.matches("x".toCharArray(), "plain-text"));
        assertFalse(hasher.matches("x".toCharArray(), "pbkdf2-sha256$1000$!!$!!"));
    }
}
