/**
 * The admin HTTP API: {@link io.poolrelay.server.admin.AdminServer} (Netty) answers {@code GET /healthz},
 * {@code GET /api/upstreams} and {@code POST /api/upstreams/{name}/pause|resume}, reading and acting
 * through an {@link io.poolrelay.server.admin.AdminApi} the relay provides. One endpoint class per
 * endpoint; JSON is written by {@link io.poolrelay.server.admin.JsonWriter} (and read back by the CLI
 * with {@link io.poolrelay.server.admin.JsonReader}), since the stack has no JSON library.
 */
package io.poolrelay.server.admin;
