/**
 * The durable queue: one file per message under {@code incoming/}, {@code active/}, {@code deferred/}
 * and {@code corrupt/}, moved between them by rename, so {@code ls} shows the queue's state.
 *
 * <p>A message is acknowledged only after its file and its directory entry are forced to disk. Forces
 * are batched by one committer thread (group commit), because the disk syncs a batch of files in
 * about the time it syncs one directory. Every file ends with a trailer holding its length and CRC32C,
 * so a torn write can never pass for a complete message.
 */
package io.poolrelay.server.spool;
