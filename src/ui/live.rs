//! Live updates in the browser: one `EventSource` on `/api/events` per open
//! tab, held by the signed-in shell. The server sends an event named after
//! the topic (`orders` …) whenever something of the shop changes on any app
//! instance; pages that asked with [`use_live_events`] then reload what they
//! show. `EventSource` reconnects by itself after the connection drops (the
//! server's `retry:` says how soon), and every topic counts as changed on
//! reconnect, so nothing missed while offline stays missing.
//!
//! The connection lives in the shell, not in the pages, for two reasons: a
//! tab keeps one connection however many pages it visits, and the browser
//! callbacks stay in the first-load WASM module (wasm-bindgen cannot resolve
//! closure descriptors that the lazy-page splitting moved out of it).

use leptos::prelude::*;

/// Topics the server publishes.
pub const TOPICS: [&str; 5] = ["orders", "claims", "inquiries", "reviews", "settlement"];

/// A counter per topic, bumped on every event of that topic.
#[derive(Clone, Copy)]
pub struct LiveEvents {
    counters: [RwSignal<u64>; TOPICS.len()],
}

impl LiveEvents {
    fn counter(&self, topic: &str) -> Option<RwSignal<u64>> {
        TOPICS.iter().position(|t| *t == topic).map(|i| self.counters[i])
    }
}

/// Opens the shop's event stream for the signed-in shell.
pub fn provide_live_events() {
    let live = LiveEvents { counters: std::array::from_fn(|_| RwSignal::new(0)) };
    provide_context(live);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        // Held outside the reactive graph: the cleanup must still find it
        // when the app is drawn anew (a language switch disposes it all).
        let source = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::EventSource>));
        let kept = source.clone();
        let set_state = |state: &str| {
            if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
                let _ = body.set_attribute("data-live", state);
            }
        };
        Effect::new(move |_| {
            let Ok(es) = web_sys::EventSource::new("/api/events") else { return };
            set_state("connecting");
            for (topic, counter) in TOPICS.iter().zip(live.counters) {
                let on_topic = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                    counter.try_update(|n| *n += 1);
                });
                let _ = es.add_event_listener_with_callback(topic, on_topic.as_ref().unchecked_ref());
                on_topic.forget();
            }
            // `ready` opens every stream; after the first, a reconnection:
            // catch up on whatever was missed.
            let opened = std::cell::Cell::new(false);
            let on_ready = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                set_state("open");
                if opened.replace(true) {
                    for counter in live.counters {
                        counter.try_update(|n| *n += 1);
                    }
                }
            });
            let _ = es.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
            on_ready.forget();
            let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| set_state("connecting"));
            es.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            if let Some(old) = kept.borrow_mut().replace(es) {
                old.close();
            }
        });
        let source = send_wrapper::SendWrapper::new(source);
        on_cleanup(move || {
            if let Some(es) = source.borrow_mut().take() {
                es.close();
            }
        });
    }
}

/// Calls `on_change` whenever the shop's `topic` changes, while the calling
/// component lives. Bursts are not merged here: callers bump a version
/// signal or dispatch a reload, which Leptos coalesces.
pub fn use_live_events(topic: &'static str, on_change: impl Fn() + 'static) {
    let Some(counter) = use_context::<LiveEvents>().and_then(|l| l.counter(topic)) else { return };
    Effect::new(move |seen: Option<u64>| {
        let now = counter.get();
        if seen.is_some_and(|s| s != now) {
            on_change();
        }
        now
    });
}

/// What a detail page shows, following live events: [`use_live_detail`].
pub struct LiveDetail<T: Send + Sync + 'static> {
    version: RwSignal<u32>,
    shown: StoredValue<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for LiveDetail<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for LiveDetail<T> {}

impl<T: Clone + Send + Sync + 'static> LiveDetail<T> {
    /// The version the page's resource reads by: it reads again when this
    /// changes.
    pub fn version(&self) -> u32 {
        self.version.get()
    }

    /// Reads the object again (after the page's own change).
    pub fn reload(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Notes what the page now shows, to compare live reads with.
    pub fn showing(&self, detail: &T) {
        self.shown.set_value(Some(detail.clone()));
    }
}

/// A detail page's object under `key()`: an event on `topic` reads it again
/// with `fetch` in the background, and the page reads it anew (through
/// [`LiveDetail::version`]) only when it differs from what is shown, so the
/// forms on the page are not reset by changes to other objects.
pub fn use_live_detail<K, T, F, Fut>(
    topic: &'static str,
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: F,
) -> LiveDetail<T>
where
    K: Clone + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
    F: Fn(K) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, crate::error::AppError>> + Send + 'static,
{
    let live = LiveDetail { version: RwSignal::new(0u32), shown: StoredValue::new(None::<T>) };
    let check = Action::new(move |k: &K| fetch(k.clone()));
    Effect::new(move |_| {
        if let Some(Ok(d)) = check.value().get() {
            if live.shown.with_value(|s| s.as_ref() != Some(&d)) {
                live.reload();
            }
        }
    });
    use_live_events(topic, move || {
        check.dispatch(untrack(&key));
    });
    live
}
