//! Issue 17, items 1 and 9: one-time links out of the stored mail (sealed,
//! rendered only when delivered), the purge of old mail, expired sessions
//! and spent links, and workers that survive crashes, outages and panics.
//! Delivery goes to a real SMTP server: a small sink listening in the test
//! on 127.0.0.1 that speaks enough SMTP for lettre, and can be told to
//! answer "try again later".

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;

use common::{assert_ok, TestApp};
use leptos::server_fn::ServerFn;
use partner_center::accounts::{ForgotPassword, ResetPassword};
use partner_center::context::workers::Pace;
use partner_center::mail::ListMailbox;
use partner_center::mail::ssr as mail;
use partner_center::server::demo::DEMO_OWNER;
use partner_center::staff::InviteStaff;
use sqlx::{Column, Row};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const MANAGER: &str = "manager@moodon.example";
const NEW_PASSWORD: &str = "Spring#Knit2027";

// ---------------------------------------------------------------- the SMTP sink

/// A mail server on 127.0.0.1 that keeps what it is given.
struct Sink {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<String>>>,
    /// This many next messages are answered `451 try again later`.
    refuse: Arc<AtomicU32>,
}

impl Sink {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("sink listens");
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(AtomicU32::new(0));
        let (r, f) = (received.clone(), refuse.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(smtp_session(socket, r.clone(), f.clone()));
            }
        });
        Self { addr, received, refuse }
    }

    fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    fn messages(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

async fn smtp_session(socket: tokio::net::TcpStream, received: Arc<Mutex<Vec<String>>>, refuse: Arc<AtomicU32>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if command.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if command.starts_with("MAIL FROM") {
            let refused = refuse.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
            if refused { b"451 4.3.0 Try again later\r\n" } else { b"250 OK\r\n" }
        } else if command.starts_with("RCPT TO") {
            b"250 OK\r\n"
        } else if command == "DATA" {
            let _ = write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await;
            let mut message = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                message.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            received.lock().unwrap().push(message);
            b"250 OK queued\r\n"
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else if command == "RSET" || command == "NOOP" {
            b"250 OK\r\n"
        } else {
            b"502 Command not implemented\r\n"
        };
        if write.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// The text of a delivered message (decoded from base64 or
/// quoted-printable), with its To header.
fn delivered(raw: &str) -> (String, String) {
    let parsed = mailparse::parse_mail(raw.as_bytes()).expect("a well-formed message");
    let to = parsed.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case("to")).map(|h| h.get_value()).unwrap_or_default();
    (to, parsed.get_body().expect("a readable body"))
}

fn token_in(text: &str, path: &str) -> String {
    let needle = format!("{path}?token=");
    let start = text.find(&needle).unwrap_or_else(|| panic!("no {path} link in: {text}")) + needle.len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

// ---------------------------------------------------------------- helpers

/// Every column of every row of `mail_outbox`, as text.
async fn outbox_cells(app: &TestApp) -> Vec<String> {
    let rows = sqlx::query("SELECT * FROM mail_outbox").fetch_all(app.state.db.pool()).await.unwrap();
    let mut cells = Vec::new();
    for row in &rows {
        for (i, column) in row.columns().iter().enumerate() {
            let cell = row
                .try_get::<String, _>(i)
                .or_else(|_| row.try_get::<i64, _>(i).map(|n| n.to_string()))
                .or_else(|_| row.try_get::<Option<String>, _>(i).map(Option::unwrap_or_default))
                .unwrap_or_else(|e| panic!("column {}: {e}", column.name()));
            cells.push(cell);
        }
    }
    cells
}

#[track_caller]
fn assert_nowhere(cells: &[String], token: &str) {
    assert_eq!(token.len(), 64, "a real token: {token}");
    let found: Vec<&String> = cells.iter().filter(|c| c.contains(token)).collect();
    assert!(found.is_empty(), "the one-time token is stored in mail_outbox: {found:?}");
}

async fn status_of_latest(app: &TestApp, to: &str) -> (String, i64, i64, String) {
    sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1")
        .bind(to)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

// ---------------------------------------------------------------- secrets at rest

db_test!(
    async fn one_time_links_are_in_no_column_of_the_outbox_and_not_in_the_operators_mailbox(app) {
        // A password reset, an invitation and a sign-up's verification.
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        let reset = app.latest_mail(MANAGER).await.expect("reset mail").token("/reset-password");
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        assert_ok(&app.call(InviteStaff::PATH, &[("email", "newhire@seongsu-knit.example"), ("role", "cs")], Some(&owner)).await);
        let invitation = app.latest_mail("newhire@seongsu-knit.example").await.expect("invitation").token("/invitation");
        let shop = app.open_shop("secret@seongsu-knit.example", "비밀 상점", 41).await;
        let verification = app.latest_mail(&shop.email).await.expect("verification mail").token("/verify-email");

        let cells = outbox_cells(&app).await;
        for token in [&reset, &invitation, &verification] {
            assert_nowhere(&cells, token);
        }
        assert!(!cells.iter().any(|c| c.contains("?token=")), "no link with a token is stored: {cells:?}");

        // The operator's mailbox shows who and what, never a body or a link.
        let operator = app.operator().await;
        let res = app.call(ListMailbox::PATH, &[], Some(&operator)).await;
        assert_ok(&res);
        assert!(res.body.contains(MANAGER), "{}", res.body);
        for token in [&reset, &invitation] {
            assert!(!res.body.contains(token.as_str()), "the operator sees a one-time link: {}", res.body);
        }
        assert!(!res.body.contains("token="), "{}", res.body);
        assert!(res.json().as_array().unwrap().iter().all(|m| m["body"] == "" && m["body_hidden"] == true), "{}", res.body);

        // The link still works: the reset goes through.
        let res = app
            .call(ResetPassword::PATH, &[("token", &reset), ("password", NEW_PASSWORD), ("password_confirm", NEW_PASSWORD)], None)
            .await;
        assert_ok(&res);
        app.sign_in(MANAGER, NEW_PASSWORD).await;

        // In development mode the mailbox shows the message as delivered.
        app.restart_with(|config| config.dev_mode = true).await;
        let res = app.call(ListMailbox::PATH, &[], None).await;
        assert_ok(&res);
        assert!(res.body.contains(&format!("/invitation?token={invitation}")), "{}", res.body);
    }
);

db_test!(
    async fn the_worker_renders_the_link_at_send_time_and_wipes_it_once_sent(app) {
        let sink = Sink::start().await;
        let url = sink.url();
        app.restart_with(move |config| config.smtp_url = Some(url)).await;
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        assert_eq!(status_of_latest(&app, MANAGER).await.0, "pending");
        assert!(!outbox_cells(&app).await.iter().any(|c| c.contains("?token=")));

        let transport = mail::transport(&app.state.config).expect("an SMTP transport");
        assert_eq!(mail::deliver_due(&app.state, &transport, "worker-a", now()).await.unwrap(), 1);
        let messages = sink.messages();
        assert_eq!(messages.len(), 1, "one message delivered");
        let (to, body) = delivered(&messages[0]);
        assert!(to.contains(MANAGER), "{to}");
        let token = token_in(&body, "/reset-password");

        // Sent: the seal is gone too, and the delivered link works.
        assert_eq!(status_of_latest(&app, MANAGER).await.0, "sent");
        let secrets: Vec<(String,)> = sqlx::query_as("SELECT secret FROM mail_outbox").fetch_all(app.state.db.pool()).await.unwrap();
        assert!(secrets.iter().all(|(s,)| s.is_empty()), "{secrets:?}");
        assert_nowhere(&outbox_cells(&app).await, &token);
        assert_ok(
            &app.call(ResetPassword::PATH, &[("token", &token), ("password", NEW_PASSWORD), ("password_confirm", NEW_PASSWORD)], None)
                .await,
        );
        app.sign_in(MANAGER, NEW_PASSWORD).await;
        // Nothing left to send.
        assert_eq!(mail::deliver_due(&app.state, &transport, "worker-a", now() + 3_600_000).await.unwrap(), 0);
        assert_eq!(sink.messages().len(), 1);
    }
);

// ---------------------------------------------------------------- workers that survive

db_test!(
    async fn mail_left_sending_by_a_crashed_worker_is_sent_once_its_lease_runs_out(app) {
        let sink = Sink::start().await;
        let url = sink.url();
        app.restart_with(move |config| config.smtp_url = Some(url)).await;
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        let transport = mail::transport(&app.state.config).unwrap();
        // A worker took the message and died before it was settled.
        let t0 = now();
        sqlx::query("UPDATE mail_outbox SET status = 'sending', locked_by = 'dead-worker', locked_until = $1, attempts = 1 WHERE to_address = $2")
            .bind(t0 + mail::LEASE_MS)
            .bind(MANAGER)
            .execute(app.state.db.pool())
            .await
            .unwrap();

        // Under its lease nobody else takes it.
        assert_eq!(mail::deliver_due(&app.state, &transport, "worker-b", t0 + 1_000).await.unwrap(), 0);
        assert!(sink.messages().is_empty());
        // Once the lease ran out it goes out, link and all.
        assert_eq!(mail::deliver_due(&app.state, &transport, "worker-b", t0 + mail::LEASE_MS + 1).await.unwrap(), 1);
        let messages = sink.messages();
        assert_eq!(messages.len(), 1);
        let token = token_in(&delivered(&messages[0]).1, "/reset-password");
        let (status, attempts, _, _) = status_of_latest(&app, MANAGER).await;
        assert_eq!((status.as_str(), attempts), ("sent", 2));
        assert_ok(
            &app.call(ResetPassword::PATH, &[("token", &token), ("password", NEW_PASSWORD), ("password_confirm", NEW_PASSWORD)], None)
                .await,
        );
    }
);

db_test!(
    async fn a_mail_server_that_says_try_again_later_gets_the_mail_after_a_pause_not_a_failure(app) {
        let sink = Sink::start().await;
        let url = sink.url();
        app.restart_with(move |config| config.smtp_url = Some(url)).await;
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        let transport = mail::transport(&app.state.config).unwrap();

        // Three tries during an outage: each waits longer, none gives up.
        sink.refuse.store(3, Ordering::SeqCst);
        let mut at = now();
        let mut pauses = Vec::new();
        for attempt in 1..=3 {
            assert_eq!(mail::deliver_due(&app.state, &transport, "worker-a", at).await.unwrap(), 1, "attempt {attempt}");
            let (status, attempts, next, error) = status_of_latest(&app, MANAGER).await;
            assert_eq!((status.as_str(), attempts), ("pending", attempt), "a transient failure is retried: {error}");
            assert!(error.contains("451") || error.to_lowercase().contains("try again"), "{error}");
            assert!(next > at, "the next try waits");
            // Not before the pause …
            assert_eq!(mail::deliver_due(&app.state, &transport, "worker-a", next - 1).await.unwrap(), 0);
            pauses.push(next - at);
            at = next;
        }
        assert!(pauses.windows(2).all(|w| w[1] > w[0]), "the pause grows: {pauses:?}");
        assert!(pauses[0] >= 10_000, "not a busy loop: {pauses:?}");
        assert!(sink.messages().is_empty());

        // … and after it the mail goes out, with its link.
        assert_eq!(mail::deliver_due(&app.state, &transport, "worker-a", at).await.unwrap(), 1);
        assert_eq!(status_of_latest(&app, MANAGER).await.0, "sent");
        let messages = sink.messages();
        assert_eq!(messages.len(), 1);
        token_in(&delivered(&messages[0]).1, "/reset-password");
    }
);

db_test!(
    async fn the_purge_deletes_old_sent_mail_expired_sessions_and_spent_links_and_keeps_the_rest(app) {
        let pool = app.state.db.pool().clone();
        let t = now();
        let day = 24 * 3600 * 1000_i64;
        let days = i64::from(app.state.config.mail_retention_days);
        sqlx::query("DELETE FROM mail_outbox").execute(&pool).await.unwrap();
        // Mail: (address, status, created_at, sent_at) — old sent, recent sent, old pending, old failed.
        for (to, status, created, sent) in [
            ("old-sent@x.example", "sent", t - (days + 1) * day, t - (days + 1) * day),
            ("new-sent@x.example", "sent", t - (days + 2) * day, t - day),
            ("old-pending@x.example", "pending", t - (days + 5) * day, 0),
            ("old-failed@x.example", "failed", t - (days + 1) * day, 0),
        ] {
            sqlx::query("INSERT INTO mail_outbox (to_address, subject, body, status, created_at, sent_at) VALUES ($1, 's', 'b', $2, $3, $4)")
                .bind(to)
                .bind(status)
                .bind(created)
                .bind(sent)
                .execute(&pool)
                .await
                .unwrap();
        }
        // A kept mail whose link expired keeps its text, loses the link.
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        app.latest_mail(MANAGER).await.unwrap().token("/reset-password");
        sqlx::query("UPDATE mail_outbox SET secret_expires_at = $1 WHERE to_address = $2").bind(t - 1).bind(MANAGER).execute(&pool).await.unwrap();

        // Sessions: one expired, one live.
        let live = app.sign_in_demo(DEMO_OWNER).await;
        let _gone = app.sign_in_demo(MANAGER).await;
        let manager = app.user_id(MANAGER).await;
        sqlx::query("UPDATE sessions SET expires_at = $1 WHERE user_id = $2").bind(t - 1).bind(manager).execute(&pool).await.unwrap();
        // Links: used, expired, and one still good.
        sqlx::query("DELETE FROM auth_tokens").execute(&pool).await.unwrap();
        for (hash, expires, used) in [("used", t + day, t - 1), ("expired", t - 1, 0), ("good", t + day, 0)] {
            sqlx::query("INSERT INTO auth_tokens (token_hash, purpose, email, created_at, expires_at, used_at) VALUES ($1, 'reset_password', 'a@x.example', $2, $3, $4)")
                .bind(hash)
                .bind(t - day)
                .bind(expires)
                .bind(used)
                .execute(&pool)
                .await
                .unwrap();
        }
        let sessions_before = app.count("SELECT COUNT(*) FROM sessions").await;
        let (expired,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE expires_at < $1").bind(t).fetch_one(&pool).await.unwrap();
        assert!(expired >= 1 && expired < sessions_before);

        // Two instances purge at the same moment: no error, each row once.
        let other = app.another_instance().await;
        let (a, b) = tokio::join!(
            partner_center::server::purge::run(&app.state, t),
            partner_center::server::purge::run(&other, t)
        );
        let (a, b) = (a.expect("purge"), b.expect("purge on the other instance"));
        assert_eq!(a.mails + b.mails, 2, "{a:?} {b:?}");
        assert_eq!(a.tokens + b.tokens, 2, "{a:?} {b:?}");
        assert_eq!(a.links + b.links, 1, "{a:?} {b:?}");
        assert_eq!((a.sessions + b.sessions) as i64, expired, "{a:?} {b:?}");
        other.db.close().await;

        let left: Vec<(String,)> = sqlx::query_as("SELECT to_address FROM mail_outbox ORDER BY to_address").fetch_all(&pool).await.unwrap();
        let left: Vec<&str> = left.iter().map(|(a,)| a.as_str()).collect();
        assert_eq!(left, [MANAGER, "new-sent@x.example", "old-pending@x.example"]);
        let tokens: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM auth_tokens").fetch_all(&pool).await.unwrap();
        assert_eq!(tokens, [("good".to_owned(),)]);
        let (managers,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE user_id = $1").bind(manager).fetch_one(&pool).await.unwrap();
        assert_eq!(managers, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, sessions_before - expired);
        // The expired link is gone from the kept mail; its text stays.
        let kept = app.latest_mail(MANAGER).await.unwrap();
        assert!(!kept.body.contains("token="), "{}", kept.body);
        assert!(!kept.body.is_empty());
        // The live session still signs its owner in.
        let res = app.call(partner_center::accounts::GetSession::PATH, &[], Some(&live)).await;
        assert_ok(&res);
        assert!(res.body.contains(DEMO_OWNER), "{}", res.body);
    }
);

db_test!(
    async fn a_worker_whose_round_panics_goes_on_reports_its_last_success_and_stops_cleanly(app) {
        let workers = app.state.workers.clone();
        let rounds = Arc::new(AtomicU32::new(0));
        let r = rounds.clone();
        workers.spawn("flaky", Duration::from_millis(20), move || {
            let r = r.clone();
            async move {
                if r.fetch_add(1, Ordering::SeqCst) == 0 {
                    panic!("first round breaks");
                }
                Ok::<_, String>(Pace::Rest)
            }
        });
        // A round under way when the app stops is finished, not cut off.
        let finished = Arc::new(AtomicU32::new(0));
        let f = finished.clone();
        workers.spawn("slow", Duration::from_millis(20), move || {
            let f = f.clone();
            async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                f.fetch_add(1, Ordering::SeqCst);
                Ok::<_, String>(Pace::Rest)
            }
        });

        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while workers.status("flaky").map_or(true, |s| s.last_ok_at == 0) {
            assert!(tokio::time::Instant::now() < deadline, "the worker never ran again after its panic");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let res = app.get("/healthz").await;
        assert_ok(&res);
        let flaky = &res.json()["workers"]["flaky"];
        assert!(flaky["last_ok_at"].as_i64().unwrap() > 0, "{}", res.body);
        assert_eq!(flaky["panics"], 1, "{}", res.body);
        assert!(flaky["last_error"].as_str().unwrap().contains("first round breaks"), "{}", res.body);
        assert_eq!(flaky["running"], true);

        // The account-mail worker, under the same supervisor, delivers.
        let sink = Sink::start().await;
        let url = sink.url();
        let mut config = (*app.state.config).clone();
        config.smtp_url = Some(url);
        let mut state = app.state.clone();
        state.config = Arc::new(config);
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        sqlx::query("UPDATE mail_outbox SET status = 'pending' WHERE status = 'kept'").execute(app.state.db.pool()).await.unwrap();
        mail::start_worker(state);
        while sink.messages().is_empty() || workers.status("mail").map_or(true, |s| s.last_ok_at == 0) {
            assert!(tokio::time::Instant::now() < deadline, "the mail worker delivered nothing");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let bodies: Vec<String> = sink.messages().iter().map(|m| delivered(m).1).collect();
        assert!(bodies.iter().any(|b| b.contains("/reset-password?token=")), "{bodies:?}");
        let res = app.get("/healthz").await;
        assert!(res.json()["workers"]["mail"]["last_ok_at"].as_i64().unwrap() > 0, "{}", res.body);

        // Stopping: rounds under way finish, every loop ends, and join waits.
        let before = finished.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(100)).await;
        workers.stop();
        assert!(workers.join(Duration::from_secs(10)).await, "every worker stopped");
        assert!(finished.load(Ordering::SeqCst) > before, "the slow round under way was finished");
        let after_stop = rounds.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(rounds.load(Ordering::SeqCst), after_stop, "no round after the stop");
        assert!(workers.statuses().values().all(|s| !s.running), "{:?}", workers.statuses());
    }
);
