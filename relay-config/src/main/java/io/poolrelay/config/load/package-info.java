/** Reads YAML into a tree that remembers line numbers, resolves secrets, and binds the tree to records. */
package io.poolrelay.config.load;
