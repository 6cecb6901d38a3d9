// Seed 001's sample requests and responses (../shared/seeds/001_e177729506f3d7b0.txt),
// verbatim but for the one trailing comma in each JSON example, which strict JSON refuses
// (seeds/README.md: "the examples are meant without it").

/// Seed 001's examples.
enum SmartPaySeedFixtures {
    /// "Create Checkout", the request body (after `consumer.emailAddress` the seed has a comma).
    static let createRequest = #"""
{
"merchantKey": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e",
"payment": {
"amount": 10.99,
"currencyCode": "EUR",
"description": "Purchase 1x product ABC"
},
"consumer": {
"firstName": "Butcher",
"lastName": "Hells",
"emailAddress": "hells.butcher_001@mail.com"
},
"billingAddress": {
"addressLine1": "Anystreet",
"number": "123",
"city": "Anycity",
"postCode": "12345",
"countryCode": "DE"
}
}
"""#

    /// "Create Checkout", the response.
    static let createResponse = #"""
{
"transactionId": "fc10f767-12a7-46d0-9da0-4af6b5b67c4d",
"checkoutToken": "KwlJmj1QoJL4oFPaCYnNCTW8cC8ZsLvQg16erCzx7hlU0rxLi3TdAKBLAN6md2Ik",
"paymentStatus": "CREATED",
"requestTime": "2023-04-05T13:25:41.790Z"
}
"""#

    /// "Get Payment Transaction Status", the path of the request.
    static let statusPath = "/payment/status/48c4e923-e88c-464b-a4e7-ccb2c6d3775e"

    /// "Get Payment Transaction Status", the response (after `paymentMethod` the seed has a comma).
    static let statusResponse = #"""
{
"transactionId": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e",
"reconciliationReferenceId": "zKZhOVjJitCdHdJzicGmI",
"description": "Purchase 1x product ABC",
"paymentStatus": "CAPTURED",
"creationDate": "2020-12-15T13:49:36.556Z",
"transactionOverview": {
"amount": 10.99,
"currencyCode": "EUR",
"mit": false,
"transactionId": "48c4e923-e88c-464b-a4e7-ccb2c6d3775e",
"paymentMethod": "CARDS"
},
"modifications": []
}
"""#

    /// "Bearer Authentication", the token request body with the sandbox client.
    static let tokenRequest = "client_id=sandbox_smartpay_client_id&client_secret=sandbox_smartpay_client_secret&grant_type=client_credentials"

    /// The sandbox account's Basic credentials: `merchantKey:authenticationKey`.
    static let basicCredentials = "48c4e923-e88c-464b-a4e7-ccb2c6d3775e:sandbox_smartpay_authentication_key"
}
