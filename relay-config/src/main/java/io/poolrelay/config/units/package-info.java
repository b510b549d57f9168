/** Parsers for the human units the YAML file uses: durations ({@code 5m}) and sizes ({@code 25MB}). */
package io.poolrelay.config.units;
