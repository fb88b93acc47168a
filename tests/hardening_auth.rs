//! Sign-in and sessions under attack (issue 17, items 3 and 8): the login
//! throttle holds under parallel guesses and cannot lock a seller out of
//! their shop, `X-Forwarded-For` is believed only from a trusted proxy,
//! sessions end when idle, a password change rotates the session, and the
//! session cookie carries the `__Host-` prefix over https.
//! Every test runs on SQLite and on PostgreSQL.

use crate::common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use common::{assert_error, assert_ok, Session, TestApp, TestResponse, SAME_ORIGIN};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use partner_center::accounts::{ChangePassword, ForgotPassword, GetSession, Login, ResetPassword, UnlockLogin};
use partner_center::auth::ssr::token_hash;
use partner_center::server::demo::{DEMO_OWNER, DEMO_PASSWORD};
use tower::ServiceExt;

const NEW_PASSWORD: &str = "Spring#Knit2027";
const HOUR_MS: i64 = 3600 * 1000;

/// The login request a browser's page sends, from `peer` when given (the
/// address the server's socket sees), with extra headers (cookies, proxies').
fn login_request(email: &str, password: &str, peer: Option<&str>, headers: &[(&str, &str)]) -> Request<Body> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("email", email), ("password", password)])
        .finish();
    let mut req = Request::post(Login::PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("sec-fetch-site", "same-origin");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    if let Some(peer) = peer {
        req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    }
    req
}

/// The `name=value` of a cookie the response sets (`pc_device` …).
fn set_cookie(res: &TestResponse, name: &str) -> Option<String> {
    res.set_cookies().into_iter().find(|c| c.starts_with(&format!("{name}="))).and_then(|c| c.split(';').next().map(str::to_owned))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Whether this `Cookie` header signs a browser in.
async fn signed_in_with(app: &TestApp, cookie: &str) -> bool {
    let res = app.post_as(GetSession::PATH, &[], None, &[("sec-fetch-site", "same-origin"), ("cookie", cookie)]).await;
    assert_ok(&res);
    !res.json().is_null()
}

async fn signed_in(app: &TestApp, session: &Session) -> bool {
    signed_in_with(app, &session.cookie_header()).await
}

async fn wrong_password(app: &TestApp) {
    let res = app.login(DEMO_OWNER, "Guess#Password1").await;
    assert_error(&res, 401, "invalid_credentials", None);
}

async fn set_last_seen(app: &TestApp, session: &Session, at: i64) {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(at)
        .bind(token_hash(&app.state.secret, &session.0))
        .execute(app.state.db.pool())
        .await
        .unwrap();
}

async fn unlock_mails(app: &TestApp) -> i64 {
    // The link itself is sealed out of the stored body (item 1): count by subject.
    app.count_where(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1 AND subject LIKE '%로그인 시도가 많아%' AND secret <> ''",
        DEMO_OWNER,
    )
        .await
}

// ---------------------------------------------------------------- throttle

db_test!(
    async fn two_hundred_parallel_wrong_passwords_reach_the_hash_at_most_five_times_and_the_owner_still_signs_in_from_a_known_device(app) {
        // The owner signed in on this browser before: it is a known device.
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        assert_ok(&res);
        let device = set_cookie(&res, "pc_device").expect("a sign-in remembers the device");

        // 200 guesses at once, and the owner signing in on their device amid them.
        let mut tasks = Vec::new();
        for i in 0..201 {
            let router = app.router.clone();
            let device = device.clone();
            tasks.push(tokio::spawn(async move {
                let req = if i == 100 {
                    login_request(DEMO_OWNER, DEMO_PASSWORD, None, &[("cookie", &device)])
                } else {
                    login_request(DEMO_OWNER, &format!("Guess#{i:03}pw"), None, &[])
                };
                let res = router.oneshot(req).await.expect("router answers");
                let status = res.status().as_u16();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                (i, status, String::from_utf8_lossy(&body).into_owned())
            }));
        }
        let mut hashed = 0;
        let mut limited = 0;
        for task in tasks {
            let (i, status, body) = tokio::time::timeout(common::REQUEST_LIMIT, task).await.expect("answered").unwrap();
            if i == 100 {
                assert_eq!(status, 200, "the owner signs in on a known device during the attack: {body}");
                continue;
            }
            let code = serde_json::from_str::<serde_json::Value>(&body).unwrap()["code"].as_str().unwrap_or_default().to_owned();
            match (status, code.as_str()) {
                (401, "invalid_credentials") => hashed += 1,
                (429, "too_many_requests") => limited += 1,
                other => panic!("unexpected answer {other:?}: {body}"),
            }
        }
        // Only an attempt that reached the password hash can answer "wrong password".
        assert!(hashed <= 5, "{hashed} of 200 parallel guesses reached the password hash");
        assert_eq!(hashed + limited, 200);
        let counted = app.count_where("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1", &format!("email:{DEMO_OWNER}")).await;
        // Each failure that reached the hash is counted, nothing else; the
        // owner's sign-in on the device amid them may already have forgiven
        // the ones before it.
        assert!(counted <= hashed, "{counted} failures counted, {hashed} reached the hash");

        // Locked for anyone else (a few more guesses fill the counter if the
        // burst left room): even the right password is refused without the
        // device, with a Korean message that says what to do.
        for _ in counted..5 {
            wrong_password(&app).await;
        }
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        assert_error(&res, 429, "too_many_requests", None);
        let message = res.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains("잠금 해제") && message.contains("전에 로그인한 기기"), "{message}");
        assert!(res.session_cookie().is_none());
        // The owner was mailed an unlock link, once, not once per refused guess.
        let mails = unlock_mails(&app).await;
        assert!((1..=2).contains(&mails), "{mails} unlock mails");

        // The owner's device still signs in after the attack.
        let res = app.request(login_request(DEMO_OWNER, DEMO_PASSWORD, None, &[("cookie", &device)])).await;
        assert_ok(&res);
        assert!(signed_in(&app, &Session(res.session_cookie().unwrap())).await);
    }
);

db_test!(
    async fn a_known_device_cookie_works_only_for_its_own_person_and_guesses_no_more_than_anyone(app) {
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        let device = set_cookie(&res, "pc_device").expect("device cookie");
        for _ in 0..5 {
            wrong_password(&app).await;
        }
        // Another account's device cookie, or a forged one, opens nothing.
        let manager = app.login("manager@moodon.example", DEMO_PASSWORD).await;
        let other = set_cookie(&manager, "pc_device").unwrap();
        let forged = format!("pc_device={}.{}.{}", app.user_id(DEMO_OWNER).await, "0".repeat(32), "f".repeat(64));
        for cookie in [other.as_str(), forged.as_str()] {
            let res = app.request(login_request(DEMO_OWNER, DEMO_PASSWORD, None, &[("cookie", cookie)])).await;
            assert_error(&res, 429, "too_many_requests", None);
        }
        // On the device itself guesses are counted too: five, then it waits as well.
        for _ in 0..5 {
            let res = app.request(login_request(DEMO_OWNER, "Guess#Password2", None, &[("cookie", &device)])).await;
            assert_error(&res, 401, "invalid_credentials", None);
        }
        let res = app.request(login_request(DEMO_OWNER, DEMO_PASSWORD, None, &[("cookie", &device)])).await;
        assert_error(&res, 429, "too_many_requests", None);
    }
);

db_test!(
    async fn the_unlock_link_lets_the_owner_in_while_strangers_keep_the_account_locked(app) {
        for _ in 0..5 {
            wrong_password(&app).await;
        }
        assert_error(&app.login(DEMO_OWNER, DEMO_PASSWORD).await, 429, "too_many_requests", None);
        let mail = app.latest_mail(DEMO_OWNER).await.expect("the owner is mailed");
        assert!(mail.subject.contains("로그인"), "{}", mail.subject);
        assert!(mail.body.contains("여러 번") && mail.body.contains("잠금"), "{}", mail.body);
        let token = mail.token("/unlock-login");
        // More refused attempts within the window send no more mail; an
        // address without an account gets the same answer and none.
        assert_error(&app.login(DEMO_OWNER, DEMO_PASSWORD).await, 429, "too_many_requests", None);
        assert_eq!(unlock_mails(&app).await, 1);
        let mails = app.count("SELECT COUNT(*) FROM mail_outbox").await;
        for _ in 0..6 {
            let _ = app.login("nobody@moodon.example", "Guess#Password1").await;
        }
        assert_error(&app.login("nobody@moodon.example", DEMO_PASSWORD).await, 429, "too_many_requests", None);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, mails);

        // The owner opens the link in their browser.
        let res = app.call(UnlockLogin::PATH, &[("token", &token)], None).await;
        assert_ok(&res);
        assert_eq!(res.json(), DEMO_OWNER);
        let device = set_cookie(&res, "pc_device").expect("the browser that opened the link is remembered");
        // A stranger locks the account again straight away …
        for _ in 0..5 {
            wrong_password(&app).await;
        }
        assert_error(&app.login(DEMO_OWNER, DEMO_PASSWORD).await, 429, "too_many_requests", None);
        // … and the owner signs in all the same, in that browser.
        let res = app.request(login_request(DEMO_OWNER, DEMO_PASSWORD, None, &[("cookie", &device)])).await;
        assert_ok(&res);
        // The link works once.
        assert_error(&app.call(UnlockLogin::PATH, &[("token", &token)], None).await, 400, "invalid_token", None);
    }
);

// ---------------------------------------------------------------- addresses

async fn session_ip_of_login(app: &TestApp, peer: &str, forwarded: Option<&str>) -> String {
    sqlx::query("DELETE FROM sessions").execute(app.state.db.pool()).await.unwrap();
    let headers: Vec<(&str, &str)> = forwarded.map(|f| ("x-forwarded-for", f)).into_iter().collect();
    assert_ok(&app.request(login_request(DEMO_OWNER, DEMO_PASSWORD, Some(peer), &headers)).await);
    app.rows("SELECT ip FROM sessions", &[]).await.join(" ")
}

db_test!(
    async fn x_forwarded_for_is_believed_only_from_a_trusted_proxy(app) {
        // Without TRUSTED_PROXIES anyone could write the header: it is ignored.
        assert_eq!(session_ip_of_login(&app, "198.51.100.20:5000", Some("203.0.113.7")).await, "ip=Some(\"198.51.100.20\")");

        app.restart_with(|c| c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()]).await;
        // A client talking to us directly still cannot choose its address …
        assert_eq!(session_ip_of_login(&app, "198.51.100.20:5000", Some("203.0.113.7")).await, "ip=Some(\"198.51.100.20\")");
        // … through the proxy, the address the proxy saw is the client's,
        // whatever the client wrote in front of it.
        assert_eq!(session_ip_of_login(&app, "10.0.0.2:443", Some("203.0.113.7")).await, "ip=Some(\"203.0.113.7\")");
        assert_eq!(session_ip_of_login(&app, "10.0.0.2:443", Some("6.6.6.6, 203.0.113.8")).await, "ip=Some(\"203.0.113.8\")");
        assert_eq!(session_ip_of_login(&app, "10.0.0.2:443", Some("203.0.113.9, 10.0.0.7")).await, "ip=Some(\"203.0.113.9\")");
        assert_eq!(session_ip_of_login(&app, "10.0.0.2:443", None).await, "ip=Some(\"10.0.0.2\")");
    }
);

db_test!(
    async fn behind_a_trusted_proxy_the_address_throttle_counts_each_client_not_the_proxy(app) {
        app.restart_with(|c| c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()]).await;
        let _ = app.request(login_request(DEMO_OWNER, "Guess#Password1", Some("10.0.0.2:443"), &[("x-forwarded-for", "203.0.113.7")])).await;
        let keys = app.rows("SELECT throttle_key FROM login_failures WHERE throttle_key LIKE 'ip:%'", &[]).await;
        assert_eq!(keys, ["throttle_key=Some(\"ip:203.0.113.7\")"]);
    }
);

// ---------------------------------------------------------------- sessions

db_test!(
    async fn a_session_unused_for_the_idle_limit_ends_before_its_thirty_days(app) {
        let idle = app.sign_in_demo(DEMO_OWNER).await;
        let recent = app.sign_in_demo(DEMO_OWNER).await;
        set_last_seen(&app, &idle, now_ms() - 13 * HOUR_MS).await;
        set_last_seen(&app, &recent, now_ms() - 11 * HOUR_MS).await;
        assert!(!signed_in(&app, &idle).await, "13 hours idle: the session is over");
        assert!(signed_in(&app, &recent).await, "11 hours idle: still signed in");

        // Using a session moves its last-seen time on, but writes it at most
        // every few minutes, not on every request.
        let hash = token_hash(&app.state.secret, &recent.0);
        let last_seen = |hash: String| {
            let app = &app;
            async move {
                let (t,): (i64,) = sqlx::query_as("SELECT last_seen_at FROM sessions WHERE id_hash = $1")
                    .bind(hash)
                    .fetch_one(app.state.db.pool())
                    .await
                    .unwrap();
                t
            }
        };
        assert!(last_seen(hash.clone()).await > now_ms() - 60_000, "the request moved it on");
        let a_minute_ago = now_ms() - 60_000;
        set_last_seen(&app, &recent, a_minute_ago).await;
        assert!(signed_in(&app, &recent).await);
        assert_eq!(last_seen(hash).await, a_minute_ago, "not written again within minutes");

        // SESSION_IDLE_HOURS sets the limit.
        app.restart_with(|c| c.session_idle_hours = 1).await;
        set_last_seen(&app, &recent, now_ms() - 2 * HOUR_MS).await;
        assert!(!signed_in(&app, &recent).await, "2 hours idle with a 1-hour limit");
    }
);

db_test!(
    async fn a_password_change_rotates_this_session_and_voids_reset_links_mailed_before(app) {
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", DEMO_OWNER)], None).await);
        let reset_token = app.latest_mail(DEMO_OWNER).await.unwrap().token("/reset-password");
        let here = app.sign_in_demo(DEMO_OWNER).await;
        let elsewhere = app.sign_in_demo(DEMO_OWNER).await;

        let res = app
            .call(
                ChangePassword::PATH,
                &[("current_password", DEMO_PASSWORD), ("password", NEW_PASSWORD), ("password_confirm", NEW_PASSWORD)],
                Some(&here),
            )
            .await;
        assert_ok(&res);
        let rotated = Session(res.session_cookie().expect("a new session cookie"));
        assert!(!rotated.0.is_empty() && rotated != here);
        assert!(signed_in(&app, &rotated).await, "this browser goes on under the new id");
        assert!(!signed_in(&app, &here).await, "the old id is void");
        assert!(!signed_in(&app, &elsewhere).await, "other devices are signed out");

        // The reset link mailed before the change sets no password now.
        let res = app
            .call(ResetPassword::PATH, &[("token", &reset_token), ("password", "Autumn#Knit2029"), ("password_confirm", "Autumn#Knit2029")], None)
            .await;
        assert_error(&res, 400, "invalid_token", None);
        app.sign_in(DEMO_OWNER, NEW_PASSWORD).await;
    }
);

db_test!(
    async fn over_https_the_session_cookie_is_host_prefixed_and_the_plain_name_is_not_accepted(app) {
        // Plain http: browsers refuse the prefix without Secure, so none.
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        assert!(res.set_cookies().iter().any(|c| c.starts_with("pc_session=")), "{:?}", res.set_cookies());

        app.restart_with(|config| config.public_url = Some("https://partner.example".to_owned())).await;
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        assert_ok(&res);
        let line = res
            .set_cookies()
            .into_iter()
            .find(|c| c.starts_with("__Host-pc_session="))
            .unwrap_or_else(|| panic!("no __Host- session cookie: {:?}", res.set_cookies()));
        let attributes: Vec<&str> = line.split(';').map(str::trim).skip(1).collect();
        assert!(attributes.contains(&"Secure") && attributes.contains(&"Path=/"), "{line}");
        assert!(!attributes.iter().any(|a| a.to_ascii_lowercase().starts_with("domain")), "{line}");
        assert!(set_cookie(&res, "__Host-pc_device").is_some(), "the device cookie too: {:?}", res.set_cookies());
        assert!(!res.set_cookies().iter().any(|c| c.starts_with("pc_session=")));
        let token = res.session_cookie().unwrap();

        assert!(signed_in_with(&app, &format!("__Host-pc_session={token}")).await);
        // The same id under the plain name, as a sibling subdomain or a
        // plain-http answer could plant it, signs nobody in.
        assert!(!signed_in_with(&app, &format!("pc_session={token}")).await);
        // Signing out clears the prefixed cookie.
        let res = app
            .post_as(partner_center::accounts::Logout::PATH, &[], None, &[SAME_ORIGIN[0], ("cookie", &format!("__Host-pc_session={token}"))])
            .await;
        assert_ok(&res);
        let cleared = res.session_set_cookie().unwrap();
        assert!(cleared.starts_with("__Host-pc_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
        assert!(!signed_in_with(&app, &format!("__Host-pc_session={token}")).await);
    }
);
