extension HTTPHeaders: Equatable {
    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

