package io.poolrelay.server.lifecycle;

import io.poolrelay.config.RelayConfig;
import io.poolrelay.config.units.DurationParser;
import io.poolrelay.config.model.ListenerConfig;
import io.poolrelay.server.bounce.DsnComposer;
import io.poolrelay.config.model.Secret;
import io.poolrelay.server.admin.AdminServer;
import io.poolrelay.server.admin.RelayAdminApi;
import io.poolrelay.server.delivery.Bouncer;
import io.poolrelay.server.fleet.Fleet;
import io.poolrelay.server.log.RecentProblems;
import io.poolrelay.server.log.RelayLoggerFactory;
import io.poolrelay.server.reload.ActiveConfig;
import io.poolrelay.server.reload.ActivePoolCapacity;
import io.poolrelay.server.reload.ConfigReloader;
import io.poolrelay.server.reload.ConfigSource;
import io.poolrelay.server.reload.ReloadResult;
import io.poolrelay.server.delivery.DeliveryManager;
import io.poolrelay.server.delivery.FleetPoolCapacity;
import io.poolrelay.server.delivery.PoolDelivery;
import io.poolrelay.server.delivery.PoolMembers;
import io.poolrelay.server.delivery.RetryPolicy;
import io.poolrelay.server.message.HintHeaders;
import io.poolrelay.server.metrics.RelayGauges;
import io.poolrelay.server.metrics.RelayMetrics;
import io.poolrelay.server.routing.Router;
import io.poolrelay.server.smtp.SmtpListener;
import io.poolrelay.server.spool.FileSpool;
import io.poolrelay.server.spool.GroupCommitter;
import io.poolrelay.server.spool.QueueId;
import io.poolrelay.upstreams.health.HealthState;
import io.poolrelay.upstreams.time.ExecutorScheduler;
import io.poolrelay.upstreams.time.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running relay. {@link #start} builds the services from the configuration and starts them in
 * order (spool, recovery, delivery, listeners); {@link #close} stops them in reverse. Every thread is
 * created here, named after its job.
 *
 * <p>{@link #close} drains first, within one deadline ({@code drainTimeout} from the moment it is
 * called): every listener at once stops admitting (new connections and new MAIL get 421) and
 * transactions under way finish, a DATA in progress included; then delivery stops picking messages
 * and deliveries under way finish. Whatever is still unfinished at the deadline is cut off; nothing
 * acknowledged is lost, because it is in the spool, which is closed last.
 */
public final class Relay implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  /** How long {@link #close} lets sessions and deliveries finish, unless the owner says otherwise. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final RelayConfig config;
  private final InstantSource clock;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final String hostname;
  private final RelayMetrics metrics;
  /** The gauges; {@link RelayGauges#configChanged} after every swap of {@link #active}. */
  private RelayGauges gauges;
  private final Duration drainTimeout;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<SmtpListener> listeners = new CopyOnWriteArrayList<>();
  /** Swapped whole by a reload; everything that routes or delivers reads it through {@link #active()}. */
  private volatile ActiveConfig active;
  private InetSocketAddress adminAddress;
  /** Set after the manager exists: the bouncer hands DSNs to it, and it asks the bouncer to bounce. */
  private Bouncer bouncer;
  private FileSpool spool;
  private ExecutorService deliveryWorkers;
  private DeliveryManager manager;
  private ExecutorScheduler scheduler;
  private final ConfigSource source;
  private ConfigReloader reloader;
  /** Set by {@link #close}: the ticker's time at which the drain ends. */
  private long drainDeadline;
  private int transactionsCutShort;
  private int deliveriesCutShort;

  /**
   * {@code config} is what was read at start and {@code source} reads it again on a reload;
   * {@code drainTimeout} is how long {@link #close} lets work under way finish (see the class comment).
   */
  public Relay(RelayConfig config, ConfigSource source, InstantSource clock, Ticker ticker, RandomGenerator random,
      String hostname, MeterRegistry registry, Duration drainTimeout) {
    this.config = config;
    this.source = source;
    this.drainTimeout = drainTimeout;
    this.metrics = new RelayMetrics(registry);
    this.clock = clock;
    this.ticker = ticker;
    this.random = random;
    this.hostname = hostname;
  }

  public synchronized void start() throws IOException {
    ExecutorService forcers = Executors.newFixedThreadPool(8, Thread.ofPlatform().name("relay-spool-force-", 0).factory());
    toClose.add(forcers::shutdownNow);
    GroupCommitter committer = new GroupCommitter(forcers);
    Thread commitThread = Thread.ofPlatform().name("relay-spool-commit").daemon(false).unstarted(committer);
    spool = new FileSpool(config.spool().directory(), clock, new QueueId(random.nextLong()), committer);
    spool.open();
    commitThread.start();
    toClose.add(() -> {
      committer.close();
      commitThread.join(Duration.ofSeconds(10));
    });

    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("relay-scheduler").daemon(true).factory());
    timers.setRemoveOnCancelPolicy(true);
    toClose.add(timers::shutdownNow);
    ExecutorScheduler scheduler = new ExecutorScheduler(timers);

    ExecutorService probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("relay-health-probe-", 0).factory());
    toClose.add(probes::shutdownNow);
    Fleet upstreams = Fleet.create(config, spool.root().resolve("usage"), clock, ticker, scheduler, probes);
    toClose.add(() -> active.fleet().close());
    upstreams.start();
    this.active = assemble(config, upstreams);

    deliveryWorkers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("relay-delivery-", 0).factory());
    DsnComposer composer = new DsnComposer(hostname, clock, random);
    DeliveryManager manager = new DeliveryManager(spool, () -> active.delivery(),
        new RetryPolicy(config.spool().retry()), this::bouncer, new ActivePoolCapacity(this::active), scheduler,
        clock, deliveryWorkers, config.spool().maxActive(), Runtime.getRuntime().maxMemory() / 4);
    this.manager = manager;
    this.scheduler = scheduler;
    // The health listeners are shared by every fleet a reload makes, so this covers those too.
    watchHealth(upstreams);
    bindMetrics(manager);
    reloader = new ConfigReloader(source, this::active, this::assemble, next -> {
      active = next;
      gauges.configChanged();
      manager.capacityChanged();
    }, scheduler, clock);
    toClose.add(reloader);
    this.bouncer = new Bouncer(composer, spool, clock, manager, metrics);
    int recovered = manager.recover();
    if (recovered > 0) {
      log.info("spool: recovered {} queued message(s) from {}", recovered, spool.root());
    }
    Thread dispatcher = Thread.ofPlatform().name("relay-dispatcher").unstarted(manager);
    dispatcher.start();
    toClose.add(() -> {
      manager.close();
      dispatcher.join(Duration.ofSeconds(5));
      if (!manager.awaitIdle(drainLeft())) {
        deliveriesCutShort = manager.deliveriesUnderWay();
        log.warn("shutdown: {} deliveries still under way after {}; they stay in the spool", deliveriesCutShort,
            DurationParser.format(drainTimeout));
      }
      deliveryWorkers.shutdownNow();
      deliveryWorkers.awaitTermination(5, TimeUnit.SECONDS);
    });

    if (config.admin().enabled()) {
      AdminServer admin = new AdminServer(config.admin().address().toSocketAddress(),
          config.admin().token().map(Secret::value),
          Thread.ofPlatform().name("relay-admin-", 0).daemon(true).factory(),
          new RelayAdminApi(this::active, manager, spool, this::reload, clock, recentProblems(), metrics,
              this::readinessProblems));
      InetSocketAddress bound = admin.start();
      toClose.add(admin::close);
      this.adminAddress = bound;
    }

    for (ListenerConfig listenerConfig : config.listeners()) {
      ExecutorService sessions = Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("relay-smtp-" + listenerConfig.name() + "-", 0).factory());
      SmtpListener listener = new SmtpListener(listenerConfig, spool, () -> active.hints(), manager, clock, sessions,
          metrics.listener(listenerConfig.name()));
      listener.start();
      Gauge.builder("poolrelay.listener.sessions", listener::openSessions)
          .description("SMTP sessions open on the listener now")
          .tag("listener", listenerConfig.name())
          .register(metrics.registry());
      listeners.add(listener);
      toClose.add(() -> {
        if (!listener.awaitTransactions(drainLeft())) {
          int cut = listener.transactionsUnderWay();
          transactionsCutShort += cut;
          log.warn("shutdown: listener {}: {} transaction(s) still under way after {}; closing them, unacknowledged",
              listener.name(), cut, DurationParser.format(drainTimeout));
        }
        listener.close();
        sessions.shutdownNow();
      });
      log.info("listener {} accepting on {}:{}", listenerConfig.name(), listenerConfig.address().host(),
          listener.port());
    }
  }

  /**
   * The log's last WARN and ERROR lines for the status page: kept by the relay's own SLF4J provider, so
   * empty (and never fed) when another provider is in use.
   */
  private static RecentProblems recentProblems() {
    return LoggerFactory.getILoggerFactory() instanceof RelayLoggerFactory relayLogs
        ? relayLogs.output().recentProblems()
        : new RecentProblems(0);
  }

  /** What routing and delivery use for the next message: {@code config}'s pools and routes over {@code fleet}. */
  private ActiveConfig assemble(RelayConfig config, Fleet fleet) {
    PoolMembers pools = new PoolMembers(config, random, name -> fleet.get(name).unavailable(clock.instant()));
    PoolDelivery poolDelivery = new PoolDelivery(new Router(config.routing()), pools, fleet,
        config.routing().defaultPool(), clock, ticker, metrics);
    return new ActiveConfig(config, fleet, new FleetPoolCapacity(config, fleet), poolDelivery,
        new HintHeaders(config.routing().hintHeaders(), config.routing().stripHintHeaders()));
  }

  /**
   * An upstream back up (probe passed, pause over, resumed) may free waiting mail. The listener runs
   * under that upstream's lock, and looking at capacity takes every member's: so on the timer thread.
   */
  private void watchHealth(Fleet fleet) {
    fleet.onHealthChange((upstream, from, to, reason) -> {
      if (to == HealthState.UP) {
        scheduler.schedule(manager::capacityChanged, Duration.ZERO);
      }
    });
  }

  /**
   * The gauges read the active configuration and the queue at scrape time; JVM and process meters come
   * from Micrometer's binders (the GC one listens to the JVM until closed).
   */
  private void bindMetrics(DeliveryManager manager) {
    MeterRegistry registry = metrics.registry();
    gauges = new RelayGauges(registry, this::active, manager::index, metrics, clock, ticker);
    gauges.register();
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    toClose.add(gc);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /**
   * What keeps the relay from taking mail now: a listener whose socket is not bound, or a spool root in
   * which a file cannot be created and deleted. Empty when ready.
   */
  public List<String> readinessProblems() {
    List<String> problems = new ArrayList<>();
    List<SmtpListener> bound = listeners();
    for (ListenerConfig listener : config.listeners()) {
      boolean up = bound.stream().anyMatch(l -> l.name().equals(listener.name()) && l.isBound());
      if (!up) {
        problems.add("listener " + listener.name() + " is not bound");
      }
    }
    if (spool == null) {
      problems.add("spool is not open");
    } else {
      try {
        Path probe = Files.createTempFile(spool.root(), ".ready-", ".tmp");
        Files.delete(probe);
      } catch (IOException | RuntimeException e) {
        log.warn("readiness: spool {} is not writable: {}", spool.root(), e.toString());
        problems.add("spool directory is not writable");
      }
    }
    return problems;
  }

  /** The gauges, for {@link RelayGauges#configChanged} after the active configuration is swapped. */
  public RelayGauges gauges() {
    return gauges;
  }

  /**
   * Reads the configuration file again and, if it is valid, puts it in force for the next message
   * (SIGHUP, {@code poolrelay reload} and the admin API come here).
   */
  public ReloadResult reload() {
    return reloader.reload();
  }

  /** The configuration in force now. */
  public ActiveConfig active() {
    return active;
  }

  private Bouncer bouncer() {
    return bouncer;
  }

  public List<SmtpListener> listeners() {
    return List.copyOf(listeners);
  }

  /** The bound port of the named listener (useful when the config said port 0). */
  public int port(String listenerName) {
    return listeners.stream().filter(l -> l.name().equals(listenerName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no listener " + listenerName)).port();
  }

  /** Where the admin API listens, when it is enabled. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(adminAddress);
  }

  public Fleet fleet() {
    return active.fleet();
  }

  public FileSpool spool() {
    return spool;
  }

  public RelayMetrics metrics() {
    return metrics;
  }

  public RelayConfig config() {
    return active.config();
  }

  /** Drains (see the class comment), then stops everything in the reverse order of {@link #start}. */
  @Override
  public synchronized void close() {
    if (toClose.isEmpty()) {
      return;
    }
    long began = ticker.nanoTime();
    drainDeadline = began + drainTimeout.toNanos();
    int sessions = 0;
    for (SmtpListener listener : listeners) {
      sessions += listener.drain();
    }
    log.info("shutdown: draining, {} session(s) and {} deliveries in flight, up to {}", sessions,
        manager == null ? 0 : manager.deliveriesUnderWay(), DurationParser.format(drainTimeout));
    stopAll();
    Duration took = Duration.ofNanos(ticker.nanoTime() - began);
    if (transactionsCutShort == 0 && deliveriesCutShort == 0) {
      log.info("shutdown: drained in {} ms; everything not delivered stays in the spool", took.toMillis());
    } else {
      log.warn("shutdown: drain ended after {} ms with {} transaction(s) and {} deliveries cut short; "
          + "everything not delivered stays in the spool", took.toMillis(), transactionsCutShort, deliveriesCutShort);
    }
  }

  /** What is left of the drain's time; zero once the deadline has passed. */
  private Duration drainLeft() {
    return Duration.ofNanos(Math.max(0, drainDeadline - ticker.nanoTime()));
  }

  private void stopAll() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        log.warn("shutdown: {}", e.toString());
      }
    }
    toClose.clear();
    listeners.clear();
  }
}
