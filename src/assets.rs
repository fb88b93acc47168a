//! The built browser assets: which hashed files this release serves, and the
//! service worker that caches them.

use std::path::{Path, PathBuf};

/// What `cargo leptos build` produced for this release.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    /// Asset file names carry content hashes (release builds).
    pub hashed: bool,
    /// Absolute path of cargo-leptos's `hash.txt` when present.
    pub hash_file: Option<PathBuf>,
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// Changes with every release that changes an asset: names the service
    /// worker's cache, so a new release never runs against an old bundle.
    pub build_id: String,
}

const OUTPUT_NAME: &str = "partner-center";

impl BuildInfo {
    /// Reads `hash.txt`, which cargo-leptos writes beside the server binary.
    pub fn read(_site_root: &Path) -> Self {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
            .filter(|p| p.is_file());
        let hashes = hash_file.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
        match hashes {
            Some(text) => Self::from_hashes(&text, hash_file),
            None => Self::unhashed(),
        }
    }

    fn unhashed() -> Self {
        Self {
            hashed: false,
            hash_file: None,
            js: format!("/pkg/{OUTPUT_NAME}.js"),
            wasm: format!("/pkg/{OUTPUT_NAME}_bg.wasm"),
            css: format!("/pkg/{OUTPUT_NAME}.css"),
            // Unhashed names can change content under the same name, so a
            // development server gets a fresh cache on every start.
            build_id: format!("dev-{}-{}", env!("CARGO_PKG_VERSION"), crate::db::now_millis()),
        }
    }

    /// `hash.txt` holds lines like `js: 3kQ…`, `wasm: …`, `css: …`.
    fn from_hashes(text: &str, hash_file: Option<PathBuf>) -> Self {
        let get = |key: &str| {
            text.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_owned())
        };
        let (Some(js), Some(wasm), Some(css)) = (get("js"), get("wasm"), get("css")) else {
            return Self::unhashed();
        };
        Self {
            hashed: true,
            hash_file,
            js: format!("/pkg/{OUTPUT_NAME}.{js}.js"),
            wasm: format!("/pkg/{OUTPUT_NAME}.{wasm}.wasm"),
            css: format!("/pkg/{OUTPUT_NAME}.{css}.css"),
            build_id: format!("{js}-{wasm}-{css}"),
        }
    }

    /// The service worker script for this release.
    pub fn service_worker(&self) -> String {
        let precache = [
            "/offline.html",
            "/manifest.webmanifest",
            "/icons/favicon.svg",
            "/icons/icon-192.png",
            "/icons/icon-512.png",
            self.js.as_str(),
            self.wasm.as_str(),
            self.css.as_str(),
        ];
        let list = serde_json::to_string(&precache).unwrap_or_else(|_| "[]".into());
        // The offline page is made from the catalogues: a new text is a new release.
        let build_id = format!("{}-{}", self.build_id, crate::i18n::HASHES.join("-"));
        let build = serde_json::to_string(&build_id).unwrap_or_else(|_| "\"dev\"".into());
        SERVICE_WORKER_TEMPLATE.replace("__BUILD_ID__", &build).replace("__PRECACHE__", &list)
    }
}

const SERVICE_WORKER_TEMPLATE: &str = include_str!("service_worker.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_follow_cargo_leptos() {
        let info = BuildInfo::from_hashes("js: aaa\nwasm: bbb\ncss: ccc\n", None);
        assert!(info.hashed);
        assert_eq!(info.js, "/pkg/partner-center.aaa.js");
        assert_eq!(info.wasm, "/pkg/partner-center.bbb.wasm");
        assert_eq!(info.css, "/pkg/partner-center.ccc.css");
        assert_eq!(info.build_id, "aaa-bbb-ccc");
    }

    #[test]
    fn a_new_release_gets_a_new_service_worker() {
        let a = BuildInfo::from_hashes("js: a1\nwasm: b1\ncss: c1\n", None).service_worker();
        let b = BuildInfo::from_hashes("js: a2\nwasm: b1\ncss: c1\n", None).service_worker();
        assert_ne!(a, b);
        assert!(a.contains("/pkg/partner-center.a1.js"));
        assert!(!a.contains("__PRECACHE__") && !a.contains("__BUILD_ID__"));
    }
}
