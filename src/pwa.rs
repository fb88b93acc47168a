//! Browser side of the installable app: service worker registration and the
//! online state. Both only ever run in the browser (from effects).

/// Registers `/sw.js` (served by the app with the release's asset list).
pub fn register_service_worker() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let Some(window) = web_sys::window() else { return };
        let navigator = window.navigator();
        // Absent in insecure contexts (plain http on a LAN address): the app
        // then works without offline support.
        if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
            return;
        }
        let _ = navigator.service_worker().register("/sw.js");
    }
}

/// Sets `data-hydrated` on `<body>` once the WASM app has taken over the
/// server-rendered page: end-to-end tests wait for it before interacting.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

pub fn navigator_online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}
