/// The lifecycle of one outbound request, without libcurl, Dispatch or continuations: the
/// `Transfer` shell feeds it events on the client's serial queue and performs its actions.
///
///     idle ──start──▶ running ──body over cap──▶ refusingBody ──completed──▶ finished
///      │                 │ └────────────completed────────────────────────▶ finished
///      └──cancel──▶ cancelledBeforeStart ──start──▶ finished
///                        running ──cancel──▶ finished
struct TransferStateMachine {
    private enum State {
        case idle
        case cancelledBeforeStart
        case running(receivedBytes: Int)
        case refusingBody
        case finished
    }

    /// What to do when the request is handed to the event loop.
    enum StartAction: Equatable {
        /// Add the easy handle to the multi handle.
        case addToMulti
        /// The task was cancelled before it got here: fail without touching libcurl.
        case failCancelled
        /// The client is shut down: fail without touching libcurl.
        case failShutdown
    }

    /// What to do with bytes of the response body.
    enum BodyAction: Equatable {
        /// Append them.
        case accept
        /// Refuse them: libcurl then aborts the transfer with `CURLE_WRITE_ERROR`.
        case refuse
    }

    /// What to do when the calling task is cancelled.
    enum CancelAction: Equatable {
        /// Nothing is running yet (start will fail) or the transfer already finished.
        case none
        /// Remove the easy handle from the multi handle and fail with a cancellation error.
        case removeAndFail
    }

    /// What to do when libcurl reports the transfer done.
    enum CompletionAction: Equatable {
        /// Deliver the response.
        case succeed
        /// Fail with this error.
        case fail(OutboundError)
    }

    private var state = State.idle
    private let maxResponseBytes: Int

    /// A machine for a response capped at `maxResponseBytes`.
    init(maxResponseBytes: Int) {
        self.maxResponseBytes = maxResponseBytes
    }

    /// The event loop picked the request up. `isShutDown` tells whether the client still runs.
    mutating func start(isShutDown: Bool) -> StartAction {
        switch state {
        case .idle:
            if isShutDown {
                state = .finished
                return .failShutdown
            }
            state = .running(receivedBytes: 0)
            return .addToMulti
        case .cancelledBeforeStart:
            state = .finished
            return .failCancelled
        case .running, .refusingBody, .finished:
            preconditionFailure("invalid state \(state) for start")
        }
    }

    /// libcurl delivered `count` body bytes.
    mutating func receivedBody(count: Int) -> BodyAction {
        switch state {
        case .running(let received):
            let total = received + count
            if total > maxResponseBytes {
                state = .refusingBody
                return .refuse
            }
            state = .running(receivedBytes: total)
            return .accept
        case .refusingBody:
            return .refuse
        case .idle, .cancelledBeforeStart, .finished:
            preconditionFailure("invalid state \(state) for body bytes")
        }
    }

    /// The calling task was cancelled.
    mutating func cancel() -> CancelAction {
        switch state {
        case .idle:
            state = .cancelledBeforeStart
            return .none
        case .running, .refusingBody:
            state = .finished
            return .removeAndFail
        case .cancelledBeforeStart, .finished:
            return .none
        }
    }

    /// libcurl finished the transfer with `curlCode`; `wasSent` tells whether any request byte was written.
    mutating func completed(curlCode: Int, wasSent: Bool) -> CompletionAction {
        switch state {
        case .running:
            state = .finished
            if let error = CurlResultClassification.error(curlCode: curlCode, wasSent: wasSent) {
                return .fail(error)
            }
            return .succeed
        case .refusingBody:
            // Whatever libcurl reports (a write error), the cause is our cap.
            state = .finished
            return .fail(OutboundError.responseTooLarge.with(curlCode: curlCode))
        case .idle, .cancelledBeforeStart, .finished:
            preconditionFailure("invalid state \(state) for completion")
        }
    }

    /// The client shut down while the transfer ran.
    mutating func shutDown() -> CancelAction {
        switch state {
        case .running, .refusingBody:
            state = .finished
            return .removeAndFail
        case .idle, .cancelledBeforeStart, .finished:
            return .none
        }
    }
}
