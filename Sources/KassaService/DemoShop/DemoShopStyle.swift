/// The demo shop's own rules on top of the shared sheet.
enum DemoShopStyle {
    static let sheet = """
        header p{margin-top:0}.switch a{margin-left:.6rem}.switch a[aria-current]{font-weight:700}
        fieldset{border:1px solid #dde;border-radius:6px;margin:.8rem 0}.fields{display:grid;grid-template-columns:repeat(2,1fr);gap:.3rem 1rem}
        .fields label{display:flex;flex-direction:column;font-size:.9rem}.pay-method{margin:.3rem 0}.ineligible{color:#8a8f99}
        .reasons{margin:.1rem 0 .4rem 1.6rem;font-size:.85rem}.total{font-size:1.15rem}.ok{color:#1c7c3a}.bad,.problem{color:#b3261e}
        button{font-size:1rem;padding:.35rem .9rem}.status{font-weight:700;padding:.1rem .5rem;border-radius:4px;background:#eef}
        .status.paid,.status.authorized{background:#d9f2e0}.status.failed,.status.canceled,.status.expired{background:#f8dcd9}
        """
}
