// Partner Center service worker. Served by the app at /sw.js with this
// release's asset list filled in; a new release changes the script, so the
// browser installs it and the old caches are dropped.
const BUILD_ID = __BUILD_ID__;
const PRECACHE = __PRECACHE__;
const CACHE = "partner-center-" + BUILD_ID;
const OFFLINE_PAGE = "/offline.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith("partner-center-") && k !== CACHE).map((k) => caches.delete(k))
        )
      )
      .then(() => self.clients.claim())
  );
});

// Static files the shell needs: safe to serve from the cache because
// their names change whenever their content does (or they are tiny).
function isStatic(url) {
  return (
    url.pathname.startsWith("/pkg/") ||
    // A language's catalogue, named by its content.
    url.pathname.startsWith("/i18n/") ||
    url.pathname.startsWith("/icons/") ||
    url.pathname === "/manifest.webmanifest" ||
    url.pathname === OFFLINE_PAGE
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Server functions and APIs always go to the network: their answers are
  // live data and never cached here.
  if (url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    // Pages are always fresh from the server; without a network the seller
    // sees the offline page instead of the browser's error.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE)));
    return;
  }

  if (isStatic(url)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) cache.put(request, response.clone());
              return response;
            })
        )
      )
    );
  }
});
