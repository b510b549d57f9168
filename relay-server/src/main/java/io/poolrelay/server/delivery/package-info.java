/**
 * The relay's queue manager: picks spooled messages for delivery within an active window, asks
 * routing for the pool, tries the pool's members in the selector's order (failing over on upstream
 * failures), settles each recipient, and defers, bounces or removes the message.
 */
package io.poolrelay.server.delivery;
