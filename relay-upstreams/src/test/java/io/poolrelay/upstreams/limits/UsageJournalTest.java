package io.poolrelay.upstreams.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.poolrelay.upstreams.limits.UsageJournal.Usage;
import io.poolrelay.upstreams.time.FakeTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageJournalTest {

  @TempDir Path spool;

  private final FakeTime time = new FakeTime(Instant.parse("2026-11-01T10:00:00Z"));

  private Path usageDir() {
    return spool.resolve("usage");
  }

  private UsageJournal open() throws IOException {
    return UsageJournal.open(usageDir(), "ses-eu", time);
  }

  private SendingQuota hourlyQuota(long hourly, UsageJournal journal) {
    SendingQuota quota = new SendingQuota(OptionalLong.of(hourly), OptionalLong.empty(), Optional.empty(), journal);
    journal.restoreInto(quota);
    return quota;
  }

  @Test
  void countsWrittenBeforeARestartAreSeenAfterIt() throws IOException {
    try (UsageJournal journal = open()) {
      journal.record(time.instant(), 3);
      time.advance(Duration.ofMinutes(5));
      journal.record(time.instant(), 4);
    }
    try (UsageJournal reopened = open()) {
      assertEquals(usageDir().resolve("ses-eu.log"), reopened.file());
      assertEquals(
          List.of(new Usage(Instant.parse("2026-11-01T10:00:00Z"), 3), new Usage(Instant.parse("2026-11-01T10:05:00Z"), 4)),
          reopened.usage());
    }
  }

  @Test
  void aRestartMidHourDoesNotDoubleTheAllowance() throws IOException {
    try (UsageJournal journal = open()) {
      SendingQuota quota = hourlyQuota(100, journal);
      for (int i = 0; i < 10; i++) {
        quota.tryReserve(10, time.instant()).orElseThrow().commit(10, time.instant());
        time.advance(Duration.ofMinutes(3));
      }
      assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    }
    // 10:30, restarted: the hour's 100 are still there.
    try (UsageJournal journal = open()) {
      SendingQuota quota = hourlyQuota(100, journal);
      assertEquals(100, quota.status(time.instant()).usedLastHour());
      assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
      time.advance(Duration.ofMinutes(31)); // 11:01: the 10:00 batch has left
      assertTrue(quota.tryReserve(10, time.instant()).isPresent());
      assertTrue(quota.tryReserve(1, time.instant()).isEmpty());
    }
  }

  @Test
  void entriesOlderThan24HoursAreDropped() throws IOException {
    try (UsageJournal journal = open()) {
      journal.record(time.instant(), 5);
      time.advance(Duration.ofHours(20));
      journal.record(time.instant(), 6);
    }
    time.advance(Duration.ofHours(5));
    try (UsageJournal journal = open()) {
      assertEquals(List.of(new Usage(Instant.parse("2026-11-02T06:00:00Z"), 6)), journal.usage());
    }
    String text = Files.readString(usageDir().resolve("ses-eu.log"));
    assertFalse(text.contains(" 5\n"), text);
  }

  @Test
  void aTornLastLineIsIgnoredAndDoesNotSpoilTheNextAppend() throws IOException {
    Files.createDirectories(usageDir());
    long at = time.instant().toEpochMilli();
    Files.writeString(usageDir().resolve("ses-eu.log"), at + " 5\n" + at + " 1", StandardCharsets.US_ASCII);
    try (UsageJournal journal = open()) {
      assertEquals(List.of(new Usage(time.instant(), 5)), journal.usage());
      journal.record(time.instant(), 2);
    }
    try (UsageJournal journal = open()) {
      assertEquals(List.of(new Usage(time.instant(), 7)), journal.usage());
    }
  }

  @Test
  void linesThatDoNotParseAreSkipped() throws IOException {
    Files.createDirectories(usageDir());
    long at = time.instant().toEpochMilli();
    Files.writeString(usageDir().resolve("ses-eu.log"), "garbage\n" + at + " -3\n" + at + " 4\n", StandardCharsets.US_ASCII);
    try (UsageJournal journal = open()) {
      assertEquals(List.of(new Usage(time.instant(), 4)), journal.usage());
    }
  }

  @Test
  void theFileIsCompactedWhenItGrowsSoItStaysSmall() throws IOException {
    try (UsageJournal journal = UsageJournal.open(usageDir(), "ses-eu", time, 1024)) {
      for (int i = 0; i < 10_000; i++) {
        journal.record(time.instant(), 1);
        time.advance(Duration.ofMillis(100)); // 10 per second, about 17 minutes
      }
      assertTrue(Files.size(journal.file()) < 2048, "size " + Files.size(journal.file()));
    }
    try (UsageJournal journal = open()) {
      assertEquals(10_000, journal.usage().stream().mapToLong(Usage::count).sum());
      assertTrue(journal.usage().size() <= 18, "merged per minute: " + journal.usage().size());
    }
  }

  @Test
  void mergedCountsAreDatedAtTheLatestSoTheyNeverLeaveEarly() throws IOException {
    try (UsageJournal journal = open()) {
      journal.record(Instant.parse("2026-11-01T10:00:05Z"), 1);
      journal.record(Instant.parse("2026-11-01T10:00:50Z"), 1);
    }
    try (UsageJournal journal = open()) {
      assertEquals(List.of(new Usage(Instant.parse("2026-11-01T10:00:50Z"), 2)), journal.usage());
    }
  }

  @Test
  void warmupStateSurvivesARestart() throws IOException {
    StepWarmup warmup = new StepWarmup(LocalDate.parse("2026-11-01"), List.of(50L, 100L, 200L));
    try (UsageJournal journal = open()) {
      assertEquals(Optional.empty(), journal.warmupState());
      time.advance(Duration.ofDays(1));
      if (warmup.advance(LocalDate.parse("2026-11-02"), true)) {
        journal.recordWarmup(warmup.state());
      }
    }
    StepWarmup restarted = new StepWarmup(LocalDate.parse("2026-11-01"), List.of(50L, 100L, 200L));
    try (UsageJournal journal = open()) {
      journal.warmupState().ifPresent(restarted::restore);
    }
    assertEquals(OptionalLong.of(100), restarted.capToday());
    assertEquals(warmup.state(), restarted.state());
  }

  @Test
  void refusesAnUpstreamNameThatIsNotAFileName() {
    assertThrows(IllegalArgumentException.class, () -> UsageJournal.open(usageDir(), "../etc/passwd", time));
  }
}
