import HTTP

extension PledgSimulator {
    /// `GET /plugin.js` (and `/plugin.min.js`, seed 003's file name): a stand-in for Pledg's
    /// plugin. `new Pledg(button, settings)` binds the button's click to opening the front in
    /// an iframe (in `containerElement`, or a popin with the `.pledg-iframe-overlay` overlay),
    /// and calls `onOpen`, `onSuccess(result)`, `onError({type, message})`, `onCancel()` and
    /// `onClose` with what the front posts back. Only signed settings are supported: the
    /// front is called with `settings.signature` (seed 003, "Signature of the parameters").
    func pluginScript(prefix: String) -> Response {
        let front = FrontPage.scriptJSON(.string(configuration.publicBaseURL + prefix + "/front/purchases"))
        let script = """
        (function () {
          "use strict";
          var FRONT = \(front);
          function Pledg(button, settings) {
            if (!(this instanceof Pledg)) { return new Pledg(button, settings); }
            this.button = button;
            this.settings = settings || {};
            this.frame = null;
            var self = this;
            button.addEventListener("click", function (event) { event.preventDefault(); self.open(); });
            window.addEventListener("message", function (event) { self.receive(event); });
          }
          Pledg.prototype.configure = function (changes) {
            for (var key in changes) { if (Object.prototype.hasOwnProperty.call(changes, key)) { this.settings[key] = changes[key]; } }
          };
          Pledg.prototype.call = function (name, argument) {
            var callback = this.settings[name];
            if (typeof callback === "function") { callback(argument); }
          };
          Pledg.prototype.open = function () {
            if (this.frame) { return; }
            if (!this.settings.signature) {
              this.call("onError", {type: "invalid_request_error", message: "The sandbox plugin needs the signature setting"});
              return;
            }
            var url = FRONT + "?signature=" + encodeURIComponent(this.settings.signature) +
              "&origin=" + encodeURIComponent(window.location.origin) + "&r=" + Math.random().toString(36).slice(2);
            var frame = document.createElement("iframe");
            frame.src = url;
            frame.title = "Pledg";
            frame.style.cssText = "width:100%;min-height:32rem;border:0";
            var holder = this.settings.containerElement;
            if (holder) {
              holder.appendChild(frame);
              this.overlay = null;
            } else {
              var overlay = document.createElement("div");
              overlay.className = "pledg-iframe-overlay";
              overlay.style.cssText = "position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:center;justify-content:center";
              frame.style.cssText += ";max-width:32rem;background:#fff";
              overlay.appendChild(frame);
              document.body.appendChild(overlay);
              this.overlay = overlay;
            }
            this.frame = frame;
            this.call("onOpen");
          };
          Pledg.prototype.close = function () {
            if (!this.frame) { return; }
            (this.overlay || this.frame).remove();
            this.frame = null;
            this.overlay = null;
            this.call("onClose");
          };
          Pledg.prototype.receive = function (event) {
            if (!this.frame || event.source !== this.frame.contentWindow) { return; }
            var data = event.data;
            if (!data || data.source !== "pledg-sandbox") { return; }
            this.close();
            if (data.event === "success") { this.call("onSuccess", data.result); }
            else if (data.event === "error") { this.call("onError", data.error); }
            else if (data.event === "cancel") { this.call("onCancel"); }
          };
          window.Pledg = Pledg;
        })();

        """
        return Response(status: 200, headers: ["Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache"],
                        body: Array(script.utf8))
    }
}
