# Pool Relay container image. Build: docker build -t poolrelay .  (BuildKit, Docker's default builder
# since 23.0, for the Maven cache mount.)
# Run, test and healthcheck: README.md, "Deployment: systemd and Docker". CI lints this file
# (bin/check-deploy) and runs the runtime stage's command outside a container (DockerRuntimeIT).

# --- build: the same Maven build as bin/poolrelay, on a JDK 21 -------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests package

# --- runtime: a JRE, the jar and its lib/, the production config --------------------------------
FROM eclipse-temurin:21-jre
# A fixed uid/gid, so a volume or a bind mount can be prepared for it on the host (chown 10025:10025).
RUN groupadd --system --gid 10025 poolrelay \
 && useradd --system --uid 10025 --gid poolrelay --home-dir /var/lib/poolrelay --no-create-home \
      --shell /usr/sbin/nologin poolrelay \
 && mkdir -p /var/lib/poolrelay /etc/poolrelay \
 && chown poolrelay:poolrelay /var/lib/poolrelay \
 && chmod 0700 /var/lib/poolrelay
COPY --from=build /src/relay-server/target/lib/ /opt/poolrelay/lib/
COPY --from=build /src/relay-server/target/relay-server.jar /opt/poolrelay/relay-server.jar
# The default configuration; mount your own over it (-v ./poolrelay.yaml:/etc/poolrelay/poolrelay.yaml:ro).
COPY conf/poolrelay.production.yaml /etc/poolrelay/poolrelay.yaml
# Read by the configuration (conf/poolrelay.production.yaml). Secrets are not set here: pass
# POOLRELAY_ADMIN_TOKEN and POOLRELAY_UPSTREAM_HOST, _USER, _PASSWORD with -e or --env-file.
ENV POOLRELAY_SMTP_ADDRESS=0.0.0.0:2525 \
    POOLRELAY_ADMIN_ADDRESS=0.0.0.0:8025
WORKDIR /var/lib/poolrelay
USER 10025:10025
# The spool: every accepted message is here until it is delivered. Keep it on a named volume.
VOLUME ["/var/lib/poolrelay"]
EXPOSE 2525 8025
STOPSIGNAL SIGTERM
# GET /healthz on the admin server (no token needed). The JRE image has no curl or wget, so bash talks
# HTTP over its /dev/tcp; it connects to 127.0.0.1 at the port of POOLRELAY_ADMIN_ADDRESS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "[[ $POOLRELAY_ADMIN_ADDRESS =~ [0-9]+$ ]] && exec 3<>/dev/tcp/127.0.0.1/$BASH_REMATCH && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 5 status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]
# Exec form: java is the container's main process and gets SIGTERM itself; its shutdown hook drains
# deliveries (up to 30 s), so give docker stop --time 45.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/poolrelay/relay-server.jar"]
CMD ["serve", "--config", "/etc/poolrelay/poolrelay.yaml"]
