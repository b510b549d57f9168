package io.poolrelay.upstreams.ses;

/**
 * Where talking to SES failed, as {@code poolrelay test-upstream} and {@code send-test} name it:
 * finding or proving the credentials, reaching the endpoint, the account (read, or in a state that
 * cannot send), or the send itself.
 */
public enum SesStage {
  CREDENTIALS,
  ENDPOINT,
  ACCOUNT,
  SEND
}
