//! The paged lists of the work pages (주문, 클레임, 문의, 리뷰): the first
//! page is the page's own resource; the pages after it ("더 보기") collect in
//! `more` until the filters change; background reloads of the first page
//! (live events, a change made on the page) keep only the newest answer.

use std::collections::HashSet;
use std::future::Future;

use leptos::prelude::*;

use super::use_toasts;
use crate::error::AppError;

/// A page of a keyset-paged list as the server answers it.
pub trait ListPage: Clone + Send + Sync + 'static {
    type Row: Clone + Send + Sync + 'static;
    fn row_id(row: &Self::Row) -> i64;
    /// The rows and the cursor of the next page (`None`: the last page).
    fn into_parts(self) -> (Vec<Self::Row>, Option<String>);
}

/// See the module doc. Every field is a signal or an action: the list is
/// `Copy` and goes into closures as it is.
pub struct PagedList<Q: Send + Sync + 'static, P: ListPage> {
    /// Rows of the pages after the first, without the first page's.
    pub more: RwSignal<Vec<P::Row>>,
    /// The cursor after `more` (`None` until a further page was read).
    pub more_cursor: RwSignal<Option<Option<String>>>,
    /// The newest background reload of the first page, with its filters.
    pub latest: RwSignal<Option<(Q, P)>>,
    /// Reads the page after a cursor into `more`.
    pub load_more: Action<String, Result<P, AppError>>,
    refresh: Action<(u64, Q), (u64, Q, Result<P, AppError>)>,
    seq: StoredValue<u64>,
    filters: RwSignal<Q>,
}

impl<Q: Send + Sync + 'static, P: ListPage> Clone for PagedList<Q, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: Send + Sync + 'static, P: ListPage> Copy for PagedList<Q, P> {}

impl<Q: Clone + Send + Sync + 'static, P: ListPage> PagedList<Q, P> {
    /// Reads the first page again in the background; an older answer that
    /// comes after a newer one is dropped.
    pub fn reload(&self) {
        self.seq.update_value(|n| *n += 1);
        self.refresh.dispatch((self.seq.get_value(), self.filters.get_untracked()));
    }
}

impl<Q: Clone + PartialEq + Send + Sync + 'static, P: ListPage> PagedList<Q, P> {
    /// The rows a results view shows, from its first `page`: background
    /// reloads of the same filters replace the first page (a reloaded row
    /// leaves `more`), and `merged` takes the rest of each (counts …) after
    /// `more` was updated. Not on the first run: what `latest` holds then may
    /// be older than `page`.
    pub fn shown(&self, page: P, merged: impl Fn(&P) + 'static) -> Shown<P::Row> {
        let (rows, cursor) = page.into_parts();
        let shown = Shown {
            rows: RwSignal::new(rows),
            first_cursor: RwSignal::new(cursor),
            more: self.more,
            more_cursor: self.more_cursor,
        };
        let (latest, filters, more) = (self.latest, self.filters, self.more);
        Effect::new(move |prev: Option<()>| {
            let newest = latest.get();
            if prev.is_none() {
                return;
            }
            let Some((f, page)) = newest else { return };
            if f != filters.get_untracked() {
                return;
            }
            let (rows, cursor) = page.clone().into_parts();
            let ids: HashSet<i64> = rows.iter().map(P::row_id).collect();
            more.update(|m| m.retain(|r| !ids.contains(&P::row_id(r))));
            merged(&page);
            shown.rows.set(rows);
            shown.first_cursor.set(cursor);
        });
        shown
    }
}

/// The rows of a results view: its first page and the pages after it.
pub struct Shown<R: Send + Sync + 'static> {
    /// The first page's rows.
    pub rows: RwSignal<Vec<R>>,
    first_cursor: RwSignal<Option<String>>,
    more: RwSignal<Vec<R>>,
    more_cursor: RwSignal<Option<Option<String>>>,
}

impl<R: Send + Sync + 'static> Clone for Shown<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Send + Sync + 'static> Copy for Shown<R> {}

impl<R: Clone + Send + Sync + 'static> Shown<R> {
    /// Every row, the first page's first; a row read twice shows once.
    pub fn all(&self, id: impl Fn(&R) -> i64) -> Vec<R> {
        let mut list = self.rows.get();
        let seen: HashSet<i64> = list.iter().map(&id).collect();
        list.extend(self.more.get().into_iter().filter(|r| !seen.contains(&id(r))));
        list
    }

    /// The cursor of the page after what is shown (`None`: nothing more).
    pub fn next(&self) -> Option<String> {
        self.more_cursor.get().unwrap_or_else(|| self.first_cursor.get())
    }

    /// Whether nothing at all is shown.
    pub fn is_empty(&self) -> bool {
        self.rows.with(Vec::is_empty) && self.more.with(Vec::is_empty)
    }
}

/// The paged list of `filters`, read with `fetch(filters, cursor)`.
pub fn use_paged_list<Q, P, F, Fut>(filters: RwSignal<Q>, fetch: F) -> PagedList<Q, P>
where
    Q: Clone + Send + Sync + 'static,
    P: ListPage,
    F: Fn(Q, Option<String>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<P, AppError>> + Send + 'static,
{
    let toasts = use_toasts();
    let more = RwSignal::new(Vec::<P::Row>::new());
    let more_cursor = RwSignal::new(None::<Option<String>>);
    let latest = RwSignal::new(None::<(Q, P)>);
    Effect::new(move |_| {
        filters.track();
        more.set(Vec::new());
        more_cursor.set(None);
    });

    let seq = StoredValue::new(0u64);
    let refresh = Action::new(move |(n, f): &(u64, Q)| {
        let (n, f) = (*n, f.clone());
        async move { (n, f.clone(), fetch(f, None).await) }
    });
    Effect::new(move |_| {
        if let Some((n, f, Ok(page))) = refresh.value().get() {
            if n == seq.get_value() {
                latest.set(Some((f, page)));
            }
        }
    });

    let load_more = Action::new(move |cursor: &String| fetch(filters.get_untracked(), Some(cursor.clone())));
    Effect::new(move |_| match load_more.value().get() {
        Some(Ok(page)) => {
            let (rows, next) = page.into_parts();
            more.update(|m| {
                let seen: HashSet<i64> = m.iter().map(P::row_id).collect();
                m.extend(rows.into_iter().filter(|r| !seen.contains(&P::row_id(r))));
            });
            more_cursor.set(Some(next));
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    PagedList { more, more_cursor, latest, load_more, refresh, seq, filters }
}

/// [`ListPage`] for a page struct with `rows` (each with an `id`) and
/// `next_cursor`: `list_page!(OrderPage, OrderRow);`.
macro_rules! list_page {
    ($page:ty, $row:ty) => {
        impl $crate::ui::ListPage for $page {
            type Row = $row;
            fn row_id(row: &$row) -> i64 {
                row.id
            }
            fn into_parts(self) -> (Vec<$row>, Option<String>) {
                (self.rows, self.next_cursor)
            }
        }
    };
}
pub(crate) use list_page;
