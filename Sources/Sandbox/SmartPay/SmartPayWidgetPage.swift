import Crypto
import HTTP
import JSON

/// The simulator's stand-in for SmartPay's Web SDK (PROVIDERS.md B, "Web SDK"): `smp-bundle.js`
/// defines `window.SmpLibrary.SmartPayAppInstance.renderWidget(options)` (and a global
/// `renderWidget`), which renders the card form in a frame inside `#selector-container` and
/// calls `options.successHandler(data)` or `options.errorHandler(errorCode, message)` when
/// the form reports back. The card form also works on its own, without script.
enum SmartPayWidgetPage {
    /// `smp-bundle.js`, addressing the card form under `base` (`{publicBaseURL}{prefix}`).
    static func bundle(base: String) -> Response {
        let script = """
        /* SmartPay Web SDK stand-in: Kassa sandbox simulator. */
        (function () {
          "use strict";
          var base = \(JSONValue.string(base).serializedString());
          var origin = new URL(base, window.location.href).origin;
          function renderWidget(options) {
            options = options || {};
            function fail(code, message) {
              if (typeof options.errorHandler === "function") { options.errorHandler(code, message); }
            }
            var token = options.checkoutToken || options.transactionId;
            var container = document.getElementById(options.containerId || "selector-container");
            if (!container) { fail("ERROR_INVALID_INPUT", "selector-container is missing"); return; }
            if (typeof token !== "string" || token.length === 0) { fail("ERROR_INVALID_INPUT", "checkoutToken is required"); return; }
            var frame = document.createElement("iframe");
            frame.src = base + "/widget?checkoutToken=" + encodeURIComponent(token);
            frame.title = "SmartPay";
            frame.style.border = "0";
            frame.style.width = "100%";
            frame.style.minHeight = "22rem";
            window.addEventListener("message", function (event) {
              if (event.origin !== origin || event.source !== frame.contentWindow) { return; }
              var message = event.data;
              if (!message || message.smartpay !== 1) { return; }
              if (message.handler === "success") {
                if (typeof options.successHandler === "function") { options.successHandler(message.data); }
              } else {
                fail(message.errorCode, message.message);
              }
            });
            container.innerHTML = "";
            container.appendChild(frame);
          }
          var app = { renderWidget: renderWidget };
          window.SmpLibrary = { SmartPayAppInstance: app };
          window.renderWidget = renderWidget;
        })();

        """
        return Response(status: 200, headers: ["Content-Type": "application/javascript; charset=utf-8",
                                               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"],
                        body: Array(script.utf8))
    }

    /// The card form's script (inside SmartPay's frame): posts the form as JSON and hands the
    /// answer to the page around it, as the real widget's callbacks do. Allowed by its hash.
    static let cardFormScript = """
    (function () {
      var form = document.getElementById("card");
      if (window.parent === window) { return; }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var body = { checkoutToken: form.checkoutToken.value, outcome: form.outcome.value };
        fetch(form.action, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
          .then(function (response) { return response.json(); })
          .then(function (message) {
            message.smartpay = 1;
            document.getElementById("result").textContent = message.handler === "success" ? message.data.message : message.message;
            form.style.display = "none";
            window.parent.postMessage(message, "*");
          })
          .catch(function () { window.parent.postMessage({ smartpay: 1, handler: "error", errorCode: "ERROR", message: "network error" }, "*"); });
      });
    })();
    """

    /// The card form for `token`: card fields (never kept) and the sandbox outcome to play.
    static func cardForm(token: String, amount: String, action: String, outcomes: [String]) -> Response {
        let options = outcomes.map { "<option value=\"\(HTMLText.escape($0))\">\(HTMLText.escape($0))</option>" }.joined()
        let body = """
        <p class="amount">\(HTMLText.escape(amount))</p>
        <form id="card" method="post" action="\(HTMLText.escape(action))">
        <input type="hidden" name="checkoutToken" value="\(HTMLText.escape(token))">
        <label>Card number <input name="cardNumber" inputmode="numeric" autocomplete="off" value="4111 1111 1111 1111"></label>
        <label>Expiry <input name="expiry" autocomplete="off" value="12/30"></label>
        <label>CVC <input name="cvc" inputmode="numeric" autocomplete="off" value="123"></label>
        <label>Sandbox outcome <select name="outcome">\(options)</select></label>
        <button type="submit">Pay</button>
        </form>
        <p id="result"></p>
        <script>\(cardFormScript)</script>

        """
        return page(200, body: body)
    }

    /// The page after a payment without script, or for a token the widget refuses.
    static func result(_ result: SmartPaySimulator.WidgetResult) -> Response {
        switch result {
        case .success(let data):
            let status = data["transactionStatus"]?.stringValue ?? ""
            let message = data["message"]?.stringValue ?? ""
            return page(200, body: "<p>\(HTMLText.escape(message))</p>\n<p>Status: <b>\(HTMLText.escape(status))</b>. You can close this window.</p>\n")
        case .error(let code, let message):
            return page(200, body: "<p><b>\(HTMLText.escape(code))</b></p>\n<p>\(HTMLText.escape(message))</p>\n")
        }
    }

    /// 1099 with exponent 2 → `10.99`; with exponent 0 → `1099`.
    static func formatted(_ amount: SmartPayAmount, exponent: Int) -> String {
        "\(amount.json(exponent: exponent).numberValue?.literal ?? "") \(amount.currency)"
    }

    private static func page(_ status: Int, body: String) -> Response {
        let html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>SmartPay</title>
        <style>body{font-family:sans-serif;margin:1rem}.amount{font-size:1.5rem}label{display:block;margin:.4rem 0}\
        button{font-size:1rem;padding:.4rem 1rem}</style>
        </head><body>
        <p><small>SmartPay widget — Kassa sandbox simulator</small></p>
        \(body)</body></html>

        """
        return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                                                  "Content-Security-Policy": policy],
                        body: Array(html.utf8))
    }

    /// The frame's policy: its own style and script only, and — unlike Kassa's other pages,
    /// which no page may frame — it may be framed by any web page, as SmartPay's widget is
    /// framed by every merchant's checkout page (PROVIDERS.md B, "Web SDK").
    static let policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
        + Base64.encode(SHA256.hash(Array(cardFormScript.utf8))) + "'; connect-src 'self'; form-action 'self'; "
        + "frame-ancestors http: https:; base-uri 'none'"
}
