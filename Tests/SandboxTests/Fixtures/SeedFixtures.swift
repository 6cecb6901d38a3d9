// The secuconnect seeds' sample requests and responses, verbatim (only the HTTP framing
// around each JSON body is left out). Seed 004 prints each body on one line; seed 002 puts
// every token on its own line, which is still valid JSON. Seed 002's sample responses elide
// members with "..."; `SeedJSON.parseElided` drops those lines.

/// Seed texts from `../shared/seeds/002_f4d74e736b5e9e4b.txt` and `004_42981701013fb504.txt`.
enum SeedFixtures {
    /// Seed 004, step 1: the token request.
    static let oauthRequest004 = #"""
{ "grant_type": "client_credentials", "client_id": "00563697073442633035025909838580", "client_secret": "3382456441636938321687549172178382320163695870914358804052148567"}
"""#

    /// Seed 004, step 1: the token response.
    static let oauthResponse004 = #"""
{ "access_token": "qb56tjj1bcvo9n2nj4u38k84lo", "expires_in": 1200, "token_type": "bearer", "scope": "https://scope.secucard.com/e/api"}
"""#

    /// Seed 002, step 1: the token request.
    static let oauthRequest002 = #"""
{
"grant_type": "client_credentials",
"client_id": "00563697073442633035025909838580",
"client_secret": "3382456441636938321687549172178382320163695870914358804052148567"
}
"""#

    /// Seed 004, step 2: the Smart Transaction request (no basket, no return URLs).
    static let createRequest004 = #"""
{ "is_demo": true, "contract": { "id": "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04" }, "customer": { "contact": { "forename": "Max", "surname": "Mustermann", "address": { "street": "Musterstr.", "street_number": "55", "postal_code": "09123", "city": "Musterstadt", "country": "DE" }, "email": "max@example.net" } }, "intent": "sale", "basket_info": { "currency": "EUR", "sum": 500 }, "application_context": { "checkout_template": "COT_WD0DE66HN2XWJHW8JM88003YG0NEA2", "language": "de" }}
"""#

    /// Seed 004, step 2: the Smart Transaction response.
    static let createResponse004 = #"""
{ "object": "smart.transactions", "id": "STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ", "merchant": { "object": "general.merchants", "id": "MRC_G8SE48FRHVITKILAPNCEDU0NUD55W8", "companyname": "Musterhändler GmbH" }, "contract": { "object": "general.contracts", "id": "GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04" }, "customer": { "object": "payment.customers", "id": "PCU_WFC7ER68R2PAA5D7DWYR7A9X04ZSAJ", "contact": { "name": "Max Mustermann", "forename": "Max", "surname": "Mustermann", "salutation": "Herr", "email": "max@example.net", "address": { "street": "Musterstr.", "street_number": "55", "postal_code": "09123", "city": "Musterstadt", "country": "DE" } } }, "created": "2020-02-04T15:34:00+01:00", "status": "created", "intent": "sale", "basket_info": { "sum": 500, "currency": "EUR" }, "is_demo": true, "application_context": { "checkout_template": "COT_WD0DE66HN2XWJHW8JM88003YG0NEA2", "language": "de" }, "payment_context": { "auto_capture": true, "creditcard_schemes": [ "mastercard", "visa", "american express", "cup" ] }, "payment_links": { "creditcard": "https://pay-dev.secuconnect.com?payment-method=creditcard&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "debit": "https://pay-dev.secuconnect.com?payment-method=debit&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "eps": "https://pay-dev.secuconnect.com?payment-method=eps&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "giropay": "https://pay-dev.secuconnect.com?payment-method=giropay&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "invoice": "https://pay-dev.secuconnect.com?payment-method=invoice&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "paypal": "https://pay-dev.secuconnect.com?payment-method=paypal&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "prepaid": "https://pay-dev.secuconnect.com?payment-method=prepaid&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "sofort": "https://pay-dev.secuconnect.com?payment-method=sofort&stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing", "general": "https://pay-dev.secuconnect.com?stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing" }}
"""#

    /// Seed 002, step 2: the Smart Transaction request with a basket, a coupon and return URLs.
    static let createRequest002 = #"""
{
"is_demo"
:
true
,
"contract"
: {
"id"
:
"GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"
},
"customer"
: {
"contact"
: {
"forename"
:
"Max"
,
"surname"
:
"Mustermann"
,
"phone"
:
"+49 555 5555555"
,
"mobile"
:
"+49 177 5555555"
,
"address"
: {
"street"
:
"Musterstr."
,
"street_number"
:
"11"
,
"additional_address_data"
:
"App. 302"
,
"postal_code"
:
"09123"
,
"city"
:
"Musterstadt"
,
"country"
:
"DE"
},
"email"
:
"max@example.org"
,
"dob"
:
"1965-12-31"
}
},
"intent"
:
"sale"
,
"basket"
: {
"products"
: [
{
"id"
: 1,
"desc"
:
"ACME ball pen Modern Line 8050"
,
"priceOne"
: 1595,
"tax"
: 19,
"quantity"
: 2
},
{
"id"
: 2,
"desc"
:
"ACME pen case Modern Line"
,
"priceOne"
: 1795,
"tax"
: 19,
"quantity"
: 1
},
{
"id"
: 3,
"item_type"
:
"coupon"
,
"desc"
:
"Coupon €5.00"
,
"quantity"
: 1,
"priceOne"
: 500,
"tax"
: 19
}
]
},
"basket_info"
: {
"sum"
: 4485
},
"application_context"
: {
"checkout_template"
:
"COT_WD0DE66HN2XWJHW8JM88003YG0NEA2"
,
"return_urls"
: {
"url_success"
:
"https://shop.example.com/SUCCEESS"
,
"url_error"
:
"https://shop.example.com/FAILURE"
,
"url_abort"
:
"https://shop.example.com/DENIAL"
}
},
"payment_context"
: {
"auto_capture"
:
true
}
}
"""#

    /// Seed 002, step 2: the Smart Transaction response (elided with "...").
    static let createResponse002 = #"""
{
"object"
:
"smart.transactions"
,
"id"
:
"STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ"
,
"merchant"
: {
"object"
:
"general.merchants"
,
"id"
:
"MRC_G8SE48FRHVITKILAPNCEDU0NUD55W8"
,
"companyname"
:
"Smart Checkout Testmerchant 8"
},
...
"contract"
: {
"object"
:
"general.contracts"
,
"id"
:
"GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04"
},
...
"created"
:
"2020-02-04T15:34:00+01:00"
,
"status"
:
"created"
,
...
"basket"
: {
"products"
: [
{
"id"
: 0,
"parent"
:
null
,
"articleNumber"
:
null
,
"ean"
:
null
,
"desc"
:
"ACME ball pen Modern Line 8050"
,
"quantity"
: 2,
"priceOne"
: 1595,
"tax"
: 19,
"group"
:
null
,
"serialNumber"
:
null
,
"item_type"
:
"article"
,
"reference_id"
:
null
},
{
"id"
: 1,
"parent"
:
null
,
"articleNumber"
:
null
,
"ean"
:
null
,
"desc"
:
"ACME pen case Modern Line"
,
"quantity"
: 1,
"priceOne"
: 1795,
"tax"
: 19,
"group"
:
null
,
"serialNumber"
:
null
,
"item_type"
:
"article"
,
"reference_id"
:
null
}
],
...
},
"basket_info"
: {
"sum"
: 4985,
"currency"
:
"EUR"
,
...
},
"is_demo"
:
true
,
...
"application_context"
: {
"checkout_template"
:
"COT_WD0DE66HN2XWJHW8JM88003YG0NEA2"
,
"return_urls"
: {
"url_success"
:
"https://shop.example.com/PAYMENT-SUCCEEDED"
,
"url_error"
:
"https://shop.example.com/PAYMENT-FAILED"
,
"url_abort"
:
"https://shop.example.com/PAYMENT-ABORTED"
},
...
},
"payment_context"
: {
"auto_capture"
:
true
,
"payment_methods"
:
null
,
"merchant_initiated"
:
false
,
"accrual"
:
false
,
"creditcard_schemes"
: [
"mastercard"
,
"visa"
,
"american express"
]
},
...
"payment_links"
: {
"creditcard"
:
"https://pay.secupay.com?payment-method=creditcard&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"debit"
:
"https://pay.secupay.com?payment-method=debit&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"easycredit"
:
"https://pay.secupay.com?payment-method=eps&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"eps"
:
"https://pay.secupay.com?payment-method=eps&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"giropay"
:
"https://pay.secupay.com?payment-method=giropay&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"invoice"
:
"https://pay.secupay.com?initPaymentMethod=invoice&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"paypal"
:
"https://pay.secupay.com?payment-method=paypal&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"prepaid"
:
"https://pay.secupay.com?payment-method=prepay&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"sofort"
:
"https://pay.secupay.com?payment-method=sofort&stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
,
"general"
:
"https://pay.secupay.com?stx=STX_33PXAW2YN2NJTPM5KPGMK7QF5PBVA2&contract=GCR_KTSST836QYITQJM1JGYIZ4F4OLKI04&server=testing"
}
}
"""#

    /// Seed 002, step 4: the Smart Transaction read after the checkout (elided with "...").
    static let readResponse002 = #"""
{
"object"
:
"smart.transactions"
,
"id"
:
"STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ"
,
...
"transactions"
: [
{
"object"
:
"payment.transactions"
,
"id"
:
"PCI_MVFGGPZR5CADLVRAJVB05QBN3CO90O"
,
"trans_id"
: 110099700,
"transaction_hash"
:
"ebbtpsnzmrnd11060206"
}
],
"created"
:
"2020-02-04T15:34:00+01:00"
,
"updated"
:
"2020-02-04T15:34:56+01:00"
,
"status"
:
"pending"
,
...
"payment_method"
:
"prepaid"
,
"payment_instructions"
: {
"owner"
:
"secupay AG"
,
"iban"
:
"DE81850400611005523759"
,
"bic"
:
"COBADEFFXXX"
,
"bankname"
:
"Commerzbank CC"
,
"purpose"
:
"TA 110099700"
,
"girocode_url"
:
"https://connect-testing.secupay-ag.de/qr/epc?stx=STX_2AUSR7M6B2NHPG3C4JTKBEY07YXSAZ"
},
"trans_id"
: 110099700,
...
}
"""#
}
