/** The configuration's records, one per YAML section. Records only: validation lives in {@code validate}. */
package io.poolrelay.config.model;
