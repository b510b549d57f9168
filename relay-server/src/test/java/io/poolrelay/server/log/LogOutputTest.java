package io.poolrelay.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class LogOutputTest {

  private final RelayLoggerFactory factory = new RelayLoggerFactory();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String logged() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textLineHasTimeLevelShortLoggerNameAndTheFormattedMessage() {
    factory.output().configure(LogFormat.TEXT, Level.INFO, out);
    factory.getLogger("io.poolrelay.server.Relay").info("queue_id={} accepted rcpts={}", "Q1", 2);
    String line = logged();
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT[^ ]+Z INFO    Relay: queue_id=Q1 accepted rcpts=2\n"), line);
  }

  @Test
  void jsonLineEscapesQuotesAndControlCharactersAndCarriesTheError() {
    factory.output().configure(LogFormat.JSON, Level.INFO, out);
    factory.getLogger("x.Y").warn("reply=\"{}\"", "550 a\tb\nc", new IllegalStateException("boom"));
    String line = logged();
    assertTrue(line.startsWith("{\"time\":\""), line);
    assertTrue(line.endsWith("\"level\":\"WARN\",\"logger\":\"Y\",\"message\":\"reply=\\\"550 a\\tb\\nc\\\"\","
        + "\"error\":\"java.lang.IllegalStateException: boom\"}\n"), line);
    assertEquals(1, line.lines().count());
  }

  @Test
  void linesBelowTheLevelAreDroppedAndSubethaSmtpInfoIsQuiet() {
    factory.output().configure(LogFormat.TEXT, Level.INFO, out);
    Logger relay = factory.getLogger("io.poolrelay.server.delivery.DeliveryManager");
    relay.debug("hidden");
    factory.getLogger("org.subethamail.smtp.server.Session").info("session chatter");
    factory.getLogger("org.subethamail.smtp.server.Session").warn("library warning");
    assertEquals(false, relay.isDebugEnabled());
    assertTrue(logged().contains("library warning"));
    assertEquals(1, logged().lines().count(), logged());
    factory.output().configure(LogFormat.TEXT, Level.DEBUG, out);
    relay.debug("shown");
    assertTrue(logged().contains("DeliveryManager: shown"));
  }
}
