// libFuzzer target `jwt` (scripts/fuzz): HS256 verification. The first byte picks what the
// rest of the input is:
//   0: a whole token from outside (as a notification would bring it);
//   1: the payload of a token we sign: it must never fail on its signature or algorithm, must
//      come back byte for byte, and must fail once its signature is altered;
//   2: the JOSE header of a token we sign: accepted exactly when it is an object whose `alg`
//      is "HS256" and that has no `crit` (RFC 8725 §3.1, RFC 7515 §4.1.11).
// Base64url must also give back whatever it encoded.
import Crypto
import FoundationEssentials
import JSON

private let secret = Array("fuzz-secret-of-32-bytes-or-more!".utf8)
private let now = Date(timeIntervalSince1970: 1_700_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    fuzzCheck(Base64URL.decode(Base64URL.encode(rest)) == rest, "base64url does not give back \(rest.count) bytes")
    switch data[0] % 3 {
    case 0:
        let token = String(decoding: rest, as: UTF8.self)
        if let verified = try? JWT.verifyHS256(token, secret: secret, now: now) {
            fuzzCheck(jsonObject(verified.header)?["alg"]?.stringValue == "HS256", "verified a token whose alg is not HS256")
        }
    case 1:
        let token = JWT.signHS256(payload: rest, secret: secret)
        do {
            let verified = try JWT.verifyHS256(token, secret: secret, now: now)
            fuzzCheck(verified.payload == rest, "the verified payload differs from the signed one")
        } catch {
            fuzzCheck(refusal(error) != .badSignature && refusal(error) != .unsupportedAlgorithm, "our own token failed with \(error)")
            let isObject = jsonObject(rest) != nil
            fuzzCheck(isObject || refusal(error) == .malformed, "a payload that is no object failed with \(error), not malformed")
        }
        var altered = Array(token.utf8)
        let first = altered.lastIndex(of: UInt8(ascii: "."))! + 1
        altered[first] = altered[first] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        do {
            _ = try JWT.verifyHS256(String(decoding: altered, as: UTF8.self), secret: secret, now: now)
            fuzzFailure("a token with an altered signature was accepted")
        } catch {
            fuzzCheck(refusal(error) == .badSignature, "an altered signature failed with \(error), not bad signature")
        }
    default:
        let payload = Array(#"{"sub":"fuzz"}"#.utf8)
        let input = Base64URL.encode(rest) + "." + Base64URL.encode(payload)
        let token = input + "." + Base64URL.encode(HMACSHA256.authenticate(Array(input.utf8), key: secret))
        let header = jsonObject(rest)
        let acceptable = header?["alg"] == .string("HS256") && header?["crit"] == nil
        do {
            _ = try JWT.verifyHS256(token, secret: secret, now: now)
            fuzzCheck(acceptable, "accepted the header \(String(decoding: rest, as: UTF8.self))")
        } catch {
            fuzzCheck(!acceptable, "refused the header \(String(decoding: rest, as: UTF8.self)) with \(error)")
            fuzzCheck(refusal(error) == (header == nil ? .malformed : .unsupportedAlgorithm), "header refused with \(error)")
        }
    }
    return 0
}

/// `verifyHS256` throws untyped; anything but a `JWTError` is a finding too.
private func refusal(_ error: any Error) -> JWTError {
    guard let refusal = error as? JWTError else { fuzzFailure("verification threw \(error)") }
    return refusal
}

private func jsonObject(_ bytes: [UInt8]) -> JSONObject? {
    (try? JSONValue.parse(bytes))?.objectValue
}
