/**
 * An SES v2 stub for tests: {@link io.poolrelay.upstreams.sesstub.SesStub} answers SendEmail (raw content)
 * and GetAccount in SES v2's wire format, plays scripted {@link io.poolrelay.upstreams.sesstub.SesAnswer}s
 * per operation ({@link io.poolrelay.upstreams.sesstub.SesErrorAnswers} has the common ones) and
 * {@link io.poolrelay.upstreams.sesstub.SocketFault}s, and records what arrived as
 * {@link io.poolrelay.upstreams.sesstub.RecordedSend}s. The account it describes is a
 * {@link io.poolrelay.upstreams.sesstub.StubAccount}.
 *
 * <p>It exists because the {@code aws-ses-v2-local} emulator (see {@code sesemulator}) answers every
 * error as a plain 400, keeps no raw bytes and cannot fault a socket, and the ses upstream has to be
 * tested on exactly those. It lives in the test sources and reaches relay-server through this module's
 * test-jar.
 *
 * <h2>How the SDK (sesv2 2.59.1, rest-json) maps errors</h2>
 * The error code comes from the header {@code x-amzn-ErrorType} (the part before the first {@code :}, and
 * after a {@code #} if there is one); only without that header does the SDK look at the body's
 * {@code __type}, then {@code code}. The message comes from the body's {@code message}, {@code Message}
 * or {@code errorMessage} (or the header {@code x-amzn-error-message}). The code alone picks the class,
 * not the status: {@code TooManyRequestsException}, {@code LimitExceededException},
 * {@code MessageRejected} (note: not ...Exception; the class is {@code MessageRejectedException}),
 * {@code AccountSuspendedException}, {@code SendingPausedException},
 * {@code MailFromDomainNotVerifiedException}, {@code NotFoundException}, {@code BadRequestException},
 * {@code InternalServiceErrorException} (and {@code AlreadyExistsException}, {@code ConflictException},
 * {@code ConcurrentModificationException}, {@code InvalidNextTokenException}) become their modeled
 * classes in {@code software.amazon.awssdk.services.sesv2.model}. Any other code
 * ({@code UnrecognizedClientException}, {@code InvalidSignatureException}, {@code ExpiredTokenException},
 * {@code AccessDeniedException}, ...) becomes the base {@code SesV2Exception} with
 * {@code awsErrorDetails().errorCode()} set to it. A response with neither header nor body type (a
 * {@code 503} HTML page) becomes a bare {@code SesV2Exception} with the status code, a null error code and
 * a null error message ({@code getMessage()} starts "Service returned HTTP status code 503").
 *
 * <h2>What the apache5 client throws for each socket fault (measured by {@code SesStubTest})</h2>
 * With the SDK's retries off ({@code AwsRetryStrategy.doNotRetry()}); the Apache client itself retried
 * nothing, not even GET.
 * <ul>
 *   <li>{@link io.poolrelay.upstreams.sesstub.SocketFault#CLOSE_AFTER_REQUEST}: an
 *       {@code SdkClientException} (exactly that class) whose direct cause is
 *       {@code org.apache.hc.core5.http.NoHttpResponseException} ("The target server failed to respond",
 *       an {@code IOException}). The request was sent in full: classify as <em>ambiguous</em> (SES may
 *       have sent the mail).</li>
 *   <li>{@link io.poolrelay.upstreams.sesstub.SesStub#closeNextConnectionAtConnect()} (accepted, closed
 *       before reading a byte): the <em>same</em> {@code SdkClientException} caused by
 *       {@code NoHttpResponseException}, because the client had already written its request into the
 *       socket. The client cannot tell it from the case above, so it is ambiguous too.</li>
 *   <li>Connection refused ({@link io.poolrelay.upstreams.sesstub.SesStub#refusingEndpoint()}): an
 *       {@code SdkClientException} whose direct cause is
 *       {@code org.apache.hc.client5.http.HttpHostConnectException}, a {@code java.net.ConnectException}
 *       ("Connect to http://127.0.0.1:N failed: Connection refused"). Nothing was sent: this is the only
 *       fault that is safely "not sent".</li>
 *   <li>{@link io.poolrelay.upstreams.sesstub.SocketFault#STALL} with {@code apiCallAttemptTimeout}:
 *       {@code software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException} (a subclass of
 *       {@code SdkClientException}) with no cause. With only the HTTP client's {@code socketTimeout}: an
 *       {@code SdkClientException} whose direct cause is {@code java.net.SocketTimeoutException} ("Read
 *       timed out"). Either way the request was sent: ambiguous.</li>
 * </ul>
 * With the SDK's default retry strategy (standard, 3 attempts) one {@code sendEmail} call made 3 requests
 * for each of these faults and for 429 {@code TooManyRequestsException}, 400 {@code LimitExceededException}
 * (the SDK counts it as throttling), 500 {@code InternalServiceErrorException} and a plain 503, and 1 for
 * {@code MessageRejected} and {@code ExpiredTokenException}. A retried close or stall can hand SES the same
 * message three times: the ses upstream should turn SDK retries off and decide on retries itself.
 *
 * <h2>Other observations</h2>
 * The SDK sends {@code Content-Type: application/json} with a {@code Content-Length} (no chunking, no
 * {@code Expect: 100-continue}), keeps the connection alive between calls, signs with SigV4 for service
 * {@code ses}, and reads the response's {@code Date} for clock skew. JSON here is read and written with
 * the SDK's own {@code software.amazon.awssdk.protocols.jsoncore} ({@code @SdkProtectedApi}: fine for test
 * code pinned to one SDK version; an SDK upgrade that moves it breaks only {@code SesWire} and
 * {@code StubAccount}).
 */
package io.poolrelay.upstreams.sesstub;
