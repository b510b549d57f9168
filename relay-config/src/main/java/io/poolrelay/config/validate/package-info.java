/** Checks a bound configuration as a whole and reports every problem at once, each located by YAML path. */
package io.poolrelay.config.validate;
