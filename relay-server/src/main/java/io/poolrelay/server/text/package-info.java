/** Text for people: padded tables and human units (ages, sizes), shared by the CLI and the admin API. */
package io.poolrelay.server.text;
