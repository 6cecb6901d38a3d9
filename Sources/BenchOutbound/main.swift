// kassa-bench-outbound <base-url> [fast-calls]
//
// Measures the outbound client against a loopback endpoint (scripts/lib/bench_outbound_server.py):
// 1,000 concurrent calls to a 1 s endpoint (wall time, peak thread count), then small calls to
// a fast endpoint, sequentially and 50 at a time, each beside curl's own figure for the same
// number of requests in the same run. Run through scripts/bench-outbound.
import Dispatch
import Foundation
import Glibc
import Outbound

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: kassa-bench-outbound <base-url> [fast-calls]\n".utf8))
    exit(2)
}
let baseURLArgument = arguments[1]
let fastCallsArgument = arguments.count > 2 ? Int(arguments[2]) ?? 5000 : 5000

/// Threads of this process, from /proc.
func threadCount() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
    return Int(line.split(separator: "\t").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") ?? -1
}

/// User + system CPU seconds of this process (or of its waited-for children).
func cpuSeconds(children: Bool = false) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t((children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue), &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Peak thread count while `body` runs, sampled every 10 ms on a Dispatch timer.
final class ThreadSampler: @unchecked Sendable {
    // @unchecked: `peak` is only touched on `queue`.
    private let queue = DispatchQueue(label: "bench.sampler")
    private var peak = 0
    private var timer: DispatchSourceTimer?

    func start() {
        queue.sync {
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.setEventHandler { [self] in peak = max(peak, threadCount()) }
            timer.schedule(deadline: .now(), repeating: .milliseconds(10))
            timer.resume()
            self.timer = timer
        }
    }

    func stop() -> Int {
        queue.sync {
            timer?.cancel()
            peak = max(peak, threadCount())
            return peak
        }
    }
}

func format(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

struct Figure {
    let wall: Double
    let cpu: Double
    let calls: Int
    var rate: Double { Double(calls) / wall }
    var cpuMicros: Double { cpu / Double(calls) * 1e6 }
}

func line(_ label: String, _ f: Figure) -> String {
    "\(label): \(f.calls) calls in \(format(f.wall, 3)) s = \(format(f.rate)) calls/s, \(format(f.cpuMicros, 1)) µs CPU/call"
}

enum Bench {
    static let parallelism = 50

    static func run(baseURL: String, fastCalls: Int) async throws {
        let client = OutboundClient(configuration: .init(defaultTimeouts: OutboundTimeouts(total: .seconds(10), connect: .seconds(5))))
        defer { client.shutdown() }

        // Warm up: one connection, libcurl and the endpoint initialised.
        _ = try await client.send(OutboundRequest(method: .get, url: baseURL + "/fast"))

        // 1. 1,000 concurrent calls to the 1 s endpoint.
        let slowCalls = 1000
        let sampler = ThreadSampler()
        sampler.start()
        let slowStart = ContinuousClock.now
        let slowOK = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<slowCalls {
                group.addTask { (try? await client.send(OutboundRequest(method: .get, url: baseURL + "/slow")))?.status == 200 }
            }
            var ok = 0
            for await result in group where result { ok += 1 }
            return ok
        }
        let slowSeconds = seconds(ContinuousClock.now - slowStart)
        let peakThreads = sampler.stop()
        let slowPass = slowOK == slowCalls && slowSeconds < 1.5 && peakThreads < 16
        print("slow   kassa  \(slowCalls) concurrent calls to a 1 s endpoint: \(format(slowSeconds, 3)) s wall, \(slowOK)/\(slowCalls) OK, "
            + "peak \(peakThreads) threads  [target < 1.5 s, < 16 threads: \(slowPass ? "PASS" : "FAIL")]")

        // 2. Small calls to the fast endpoint, beside curl for the same number of requests.
        let kassaSequential = await measureKassa(client, baseURL: baseURL, calls: fastCalls, parallel: 1)
        let kassaParallel = await measureKassa(client, baseURL: baseURL, calls: fastCalls, parallel: parallelism)
        let curlSequential = try measureCurl(baseURL: baseURL, calls: fastCalls, parallel: false)
        let curlParallel = try measureCurl(baseURL: baseURL, calls: fastCalls, parallel: true)
        print(line("fast   kassa  sequential (1 in flight)       ", kassaSequential))
        print(line("fast   curl   sequential (one process)       ", curlSequential))
        print(line("fast   kassa  \(parallelism) in flight                   ", kassaParallel))
        print(line("fast   curl   --parallel --parallel-max \(parallelism)   ", curlParallel))
        print("ratio  kassa/curl calls/s: sequential \(format(kassaSequential.rate / curlSequential.rate, 2)), parallel \(format(kassaParallel.rate / curlParallel.rate, 2)); "
            + "CPU/call kassa/curl: sequential \(format(kassaSequential.cpuMicros / curlSequential.cpuMicros, 2)), parallel \(format(kassaParallel.cpuMicros / curlParallel.cpuMicros, 2))")
        print("note   curl's CPU includes its process start-up; both clients hit the same Python endpoint, whose speed bounds both.")
    }

    static func measureKassa(_ client: OutboundClient, baseURL: String, calls: Int, parallel: Int) async -> Figure {
        let cpu0 = cpuSeconds(), start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            var started = 0
            while started < min(parallel, calls) {
                group.addTask { _ = try? await client.send(OutboundRequest(method: .get, url: baseURL + "/fast")) }
                started += 1
            }
            while await group.next() != nil {
                if started < calls {
                    group.addTask { _ = try? await client.send(OutboundRequest(method: .get, url: baseURL + "/fast")) }
                    started += 1
                }
            }
        }
        return Figure(wall: seconds(ContinuousClock.now - start), cpu: cpuSeconds() - cpu0, calls: calls)
    }

    static func measureCurl(baseURL: String, calls: Int, parallel: Bool) throws -> Figure {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("kassa-bench-curl-\(getpid()).conf")
        let entry = "url = \"\(baseURL)/fast\"\noutput = \"/dev/null\"\n"
        try String(repeating: entry, count: calls).write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--config", config.path] + (parallel ? ["--parallel", "--parallel-max", "\(parallelism)"] : [])
        // --parallel draws a progress meter on stderr even with -s.
        process.standardError = FileHandle.nullDevice
        let cpu0 = cpuSeconds(children: true), start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return Figure(wall: seconds(ContinuousClock.now - start), cpu: cpuSeconds(children: true) - cpu0, calls: calls)
    }
}

try await Bench.run(baseURL: baseURLArgument, fastCalls: fastCallsArgument)
