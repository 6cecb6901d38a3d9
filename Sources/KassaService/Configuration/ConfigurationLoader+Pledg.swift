import Providers

extension ConfigurationLoader {
    /// Pledg's accounts: `fees_percent` is a percentage with at most two decimals, and an
    /// account's minimum is not above its maximum. Checked whether or not Pledg is enabled,
    /// like every other field's format.
    mutating func checkPledgAccounts(_ pledg: KassaConfiguration.Pledg) {
        for type in PledgPaymentType.allCases {
            let account = pledg.accounts[type]
            let path = "providers.pledg.accounts.\(type.rawValue)."
            if account.feesBasisPoints == nil {
                report(path + "fees_percent", "must be a percentage from 0 to 100 with at most two decimals, such as 1.5")
            }
            if account.minimumAmount > 0, account.maximumAmount > 0, account.minimumAmount > account.maximumAmount {
                report(path + "minimum_amount", "must not be above maximum_amount (\(account.maximumAmount))")
            }
        }
    }
}
