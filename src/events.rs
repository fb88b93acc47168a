//! Live events between app instances and to open pages (server only).
//!
//! A change worth showing at once (a new order, a status change, a delivery)
//! is published after its transaction commits as `(shop, topic)`. With one
//! SQLite instance the bus is an in-process broadcast. On PostgreSQL every
//! instance LISTENs on one channel and publishing is a `pg_notify`, so a page
//! served by instance B hears what instance A did; an instance hears its own
//! notifications the same way, so there is one path, not two.
//!
//! Browsers subscribe with Server-Sent Events on `/api/events` (see
//! `crate::ui::use_live_events`); the stream carries only "something of this
//! topic changed", never data, so it cannot leak anything the page would not
//! load through its own server function.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::Stream;
use tokio::sync::{broadcast, watch};

use crate::db::{Backend, Database};

const PG_CHANNEL: &str = "partner_center_events";

/// Something of a shop changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub shop_id: i64,
    pub topic: String,
}

impl LiveEvent {
    fn encode(&self) -> String {
        format!("{}:{}", self.shop_id, self.topic)
    }

    fn decode(payload: &str) -> Option<Self> {
        let (shop, topic) = payload.split_once(':')?;
        Some(Self { shop_id: shop.parse().ok()?, topic: topic.to_owned() })
    }
}

#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<LiveEvent>,
    backend: Backend,
    /// Flips to true at shutdown so open streams end and the server can stop.
    closing: watch::Sender<bool>,
}

impl EventBus {
    /// The bus of one app instance; on PostgreSQL it starts listening.
    pub fn start(db: &Database, database_url: &str) -> Self {
        let (local, _) = broadcast::channel(1024);
        let (closing, _) = watch::channel(false);
        let bus = Self { local, backend: db.backend(), closing };
        if bus.backend == Backend::Postgres {
            tokio::spawn(listen(database_url.to_owned(), bus.local.clone(), bus.closing.subscribe()));
        }
        bus
    }

    /// Tells every instance that `topic` of the shop changed. Call after the
    /// change committed; a failure to notify never undoes the change.
    pub async fn publish(&self, db: &Database, shop_id: i64, topic: &str) {
        let event = LiveEvent { shop_id, topic: topic.to_owned() };
        match self.backend {
            Backend::Sqlite => {
                let _ = self.local.send(event);
            }
            Backend::Postgres => {
                let sent = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(PG_CHANNEL)
                    .bind(event.encode())
                    .execute(db.pool())
                    .await;
                if let Err(e) = sent {
                    tracing::warn!(error = %e, "live event not published");
                }
            }
        }
    }

    /// [`Self::publish`] for every shop in `shops` (duplicates skipped).
    pub async fn publish_all(&self, db: &Database, shops: impl IntoIterator<Item = i64>, topic: &str) {
        let mut seen = std::collections::BTreeSet::new();
        for shop in shops {
            if seen.insert(shop) {
                self.publish(db, shop, topic).await;
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.local.subscribe()
    }

    /// Ends every open stream (at shutdown).
    pub fn close(&self) {
        let _ = self.closing.send(true);
    }
}

/// One LISTEN connection per instance, re-established when it drops.
async fn listen(url: String, local: broadcast::Sender<LiveEvent>, mut closing: watch::Receiver<bool>) {
    loop {
        if *closing.borrow() {
            return;
        }
        let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot LISTEN for live events; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(PG_CHANNEL).await {
            tracing::warn!(error = %e, "LISTEN failed; retrying");
            tokio::time::sleep(Duration::from_secs(2)).await;
            continue;
        }
        loop {
            tokio::select! {
                _ = closing.changed() => return,
                received = listener.try_recv() => match received {
                    Ok(Some(n)) => {
                        if let Some(event) = LiveEvent::decode(n.payload()) {
                            let _ = local.send(event);
                        }
                    }
                    // The connection dropped: pages refresh on their own
                    // reconnect; here we listen again.
                    Ok(None) | Err(_) => break,
                },
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The events of one shop as SSE (`GET /api/events` checks the member).
pub fn stream(bus: &EventBus, shop_id: i64) -> Response {
    let events = shop_events(shop_id, bus.subscribe(), bus.closing.subscribe());
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

fn shop_events(
    shop_id: i64,
    rx: broadcast::Receiver<LiveEvent>,
    closing: watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    // First a `ready` event (with how soon to reconnect), then the shop's
    // events. Each carries some data: browsers drop events whose data is empty.
    let ready = Event::default().event("ready").retry(Duration::from_secs(2)).data("ready");
    futures_util::stream::unfold((Some(ready), rx, closing), move |(first, mut rx, mut closing)| async move {
        if let Some(ready) = first {
            return Some((Ok(ready), (None, rx, closing)));
        }
        loop {
            if *closing.borrow() {
                return None;
            }
            tokio::select! {
                _ = closing.changed() => return None,
                received = rx.recv() => match received {
                    Ok(event) if event.shop_id == shop_id => {
                        let sse = Event::default().event(&event.topic).data(&event.topic);
                        return Some((Ok(sse), (None, rx, closing)));
                    }
                    Ok(_) => continue,
                    // Missed some: tell the page to reload what it shows.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return Some((Ok(Event::default().event("orders").data("orders")), (None, rx, closing)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_cross_instances_as_shop_and_topic() {
        let e = LiveEvent { shop_id: 42, topic: "orders".into() };
        assert_eq!(LiveEvent::decode(&e.encode()), Some(e));
        assert_eq!(LiveEvent::decode("garbage"), None);
        assert_eq!(LiveEvent::decode("x:orders"), None);
    }
}
