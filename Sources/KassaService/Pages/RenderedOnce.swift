import HTTP
import Synchronization

/// A page's response made on its first request and kept: rendering waits until a page is
/// asked for (its policy hashes its style sheet, and libcrypto is loaded only once something
/// needs it: LazyLibraryTests), and is not repeated for every request.
final class RenderedOnce: Sendable {
    private let render: @Sendable () -> Response
    private let response = Mutex<Response?>(nil)

    init(_ render: @escaping @Sendable () -> Response) { self.render = render }

    /// The response, rendered now if this is the first request.
    func get() -> Response {
        response.withLock { cached in
            if let cached { return cached }
            let made = render()
            cached = made
            return made
        }
    }
}
