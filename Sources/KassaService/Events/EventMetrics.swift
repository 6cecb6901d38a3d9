/// The deliverer's figures in `/metrics`, read from the store when scraped.
enum EventMetrics {
    /// `kassa_events_dead`: events given up on and not redelivered; empty when the store
    /// could not be read (a missing sample, not a false zero).
    static func deadEventsExposition(_ dead: Int?) -> String {
        guard let dead else { return "" }
        return "# HELP kassa_events_dead Events whose delivery to the shop was given up (POST /v1/events/{id}/redeliver sends one again).\n"
            + "# TYPE kassa_events_dead gauge\nkassa_events_dead \(dead)\n"
    }
}
