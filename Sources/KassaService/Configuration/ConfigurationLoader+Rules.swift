import Payments
import Sandbox

extension ConfigurationLoader {
    /// Rules that span fields or look outside the values.
    mutating func checkRules(of configuration: KassaConfiguration) {
        if configuration.mode == .live {
            checkLiveKeys(configuration.apiKeys, path: "api_keys", sandboxKey: SandboxDefaults.apiKey)
            checkLiveKeys(configuration.adminKeys, path: "admin_keys", sandboxKey: SandboxDefaults.adminKey)
            if !modules.contains(where: { $0.isEnabled(in: configuration) }) {
                report("providers", "no provider is enabled")
            }
        }
        checkProvidersWithoutModule(configuration)
        let overlap = Set(configuration.apiKeys.map(\.value)).intersection(configuration.adminKeys.map(\.value))
        if !overlap.isEmpty {
            report("admin_keys", "an admin key must not also be an API key")
        }
        checkClientCertificate(configuration.providers.smartcredit)
        checkPledgAccounts(configuration.providers.pledg)
        checkAccessToken(configuration.providers.smartpay)
        checkRedirectOrigins(configuration.sandbox.allowedRedirectOrigins)
    }

    /// A provider can only be offered when this build has its module (`ProviderModules`).
    private mutating func checkProvidersWithoutModule(_ configuration: KassaConfiguration) {
        let present = Set(modules.map(\.id))
        let flags: [(ProviderID, Bool)] = [(.smartpay, configuration.providers.smartpay.isEnabled),
                                           (.smartcredit, configuration.providers.smartcredit.isEnabled),
                                           (.pledg, configuration.providers.pledg.isEnabled),
                                           (.secuconnect, configuration.providers.secuconnect.isEnabled)]
        for (id, isEnabled) in flags where isEnabled && !present.contains(id) {
            report("providers.\(id.rawValue).enabled", "this build has no \(id.rawValue) module: it cannot be enabled")
        }
    }

    /// Each allowed origin must parse the way the simulators compare them.
    private mutating func checkRedirectOrigins(_ origins: [String]) {
        for (index, origin) in origins.enumerated() where URLOrigin(url: origin) == nil {
            report("sandbox.allowed_redirect_origins[\(index)]", "must be an http(s) origin such as https://shop.example.com")
        }
    }

    /// Live keys are long and are not the published sandbox key. The key is never quoted.
    private mutating func checkLiveKeys(_ keys: [Secret], path: String, sandboxKey: String) {
        for (index, key) in keys.enumerated() {
            if key.value == sandboxKey {
                report("\(path)[\(index)]", "the sandbox key must not be used in live mode")
            } else if key.value.count < 16 {
                report("\(path)[\(index)]", "must have at least 16 characters in live mode")
            }
        }
    }

    /// mTLS needs the certificate and its key together, and both readable now rather than at
    /// the first payment.
    private mutating func checkClientCertificate(_ smartcredit: KassaConfiguration.SmartCredit) {
        let prefix = "providers.smartcredit."
        switch (smartcredit.clientCertificateFile, smartcredit.clientKeyFile) {
        case (nil, nil):
            return
        case (_?, nil):
            report(prefix + "client_key_file", "required when client_certificate_file is set")
        case (nil, _?):
            report(prefix + "client_certificate_file", "required when client_key_file is set")
        case (_?, _?):
            break
        }
        for (name, path) in [("client_certificate_file", smartcredit.clientCertificateFile),
                             ("client_key_file", smartcredit.clientKeyFile)] {
            guard let path else { continue }
            do {
                if try readFile(path) == nil { report(prefix + name, "no such file \(path)") }
            } catch {
                report(prefix + name, "cannot read \(path)")
            }
        }
    }
}
