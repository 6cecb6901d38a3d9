/// What an SG Connect access token grants: its scopes (seed 000, `scope` in the query).
struct SGConnectGrant: Sendable, Equatable {
    let scopes: [String]
}

/// The SG Connect access tokens the simulator issued (seed 000: `expires_in: 599`).
typealias SGConnectTokens = GrantedAccessTokens<SGConnectGrant>
