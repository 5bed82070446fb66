package dev.kernelbroker.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TokenFileTest {
  private static final String ALICE = "a1b2c3d4e5f6a7b8c9d0e1f2";
  private static final String BOT = "ffeeddccbbaa99887766554433";
  private static final Limits DEFAULTS = new Limits(OptionalInt.of(3), OptionalInt.of(100), OptionalInt.empty());

  @Test
  void readsNamesTokensAndLimitsOverTheDefaults() {
    List<AccessToken> tokens = TokenFile.parse("""
        # name   token   limits
        alice    %s      sessions=4 calls_per_minute=60 cpu_seconds_per_hour=900

          ci-bot\t%s     CALLS_PER_MINUTE=unlimited   # the CI runs many
        """.formatted(ALICE, BOT), "tokens", DEFAULTS);
    assertEquals(2, tokens.size());
    AccessToken alice = tokens.get(0);
    assertEquals("alice", alice.name());
    assertEquals(ALICE, alice.secret());
    assertEquals(new Limits(OptionalInt.of(4), OptionalInt.of(60), OptionalInt.of(900)), alice.limits());
    AccessToken bot = tokens.get(1);
    assertEquals("ci-bot", bot.name());
    assertEquals(new Limits(OptionalInt.of(3), OptionalInt.empty(), OptionalInt.empty()), bot.limits(),
        "unlimited lifts a default, the other defaults stay");
    assertFalse(bot.toString().contains(BOT), "toString never shows the secret");
  }

  @Test
  void errorsNameTheFileAndLineButNeverTheSecret() {
    assertError("f line 2: expected 'name token [limit=value ...]', got only a name", "# c\nalice\n");
    assertError("f line 1: calls_per_minute=0: expected a whole number of at least 1, or unlimited",
        "alice " + ALICE + " calls_per_minute=0");
    assertError("f line 1: calls_per_minute=ten: expected a whole number", "alice " + ALICE
        + " calls_per_minute=ten");
    assertError("f line 1: unknown limit 'cpu' (known: sessions, calls_per_minute, cpu_seconds_per_hour)",
        "alice " + ALICE + " cpu=3");
    assertError("f line 1: field 3 is not limit=value", "alice " + ALICE + " sessions");
    assertError("f line 1: field 3 is not limit=value", "al ice " + ALICE);
    assertError("f line 1: token name 'al!ce' must be", "al!ce " + ALICE);
    assertError("f: the token name 'alice' is used twice", "alice " + ALICE + "\nalice " + BOT);
    assertError("f: the token of 'bob' is also another name's token", "alice " + ALICE + "\nbob " + ALICE);
    assertError("f holds no token", "# nothing here\n\n");
  }

  private static void assertError(String expectedStart, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenFile.parse(text, "f", DEFAULTS));
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    assertFalse(e.getMessage().contains(ALICE) || e.getMessage().contains(BOT), e.getMessage());
  }
}
