//! Accounts, staff, the audit log and the operator's review, through the
//! real HTTP stack on a real database: sign-up with the 사업자등록증, e-mail
//! verification, sign-in and its throttle, sessions, passwords, roles,
//! invitations, the review of applications and the document download.
//! Every test runs on SQLite and on PostgreSQL.

use crate::common;

use common::{assert_error, assert_ok, business_number, Session, SignupForm, TestApp, TestResponse, SELLER_PASSWORD};
use leptos::server_fn::ServerFn;
use partner_center::accounts::{ChangePassword, ForgotPassword, GetSession, ListSessions, Login, Logout, LogoutOtherSessions, ResendVerification, ResetPassword, ResubmitApplication, VerifyEmail};
use partner_center::shop::{GetPayoutAccount, UpdatePayoutAccount};
use partner_center::audit::ListAuditLog;
use partner_center::home::GetDashboard;
use partner_center::mail::ListMailbox;
use partner_center::operator::{GetApplication, ListApplications, ReviewShop};
use partner_center::server::demo::{DEMO_OWNER, DEMO_PASSWORD, DEMO_SHOP_NAME};
use partner_center::shop::{GetShopProfile, UpdateShopProfile};
use partner_center::staff::{
    AcceptInvitation, CancelInvitation, ChangeStaffRole, GetInvitation, InviteStaff, ListStaff, RevokeStaff,
};

const MANAGER: &str = "manager@moodon.example";
const CS: &str = "cs@moodon.example";
const LOGISTICS: &str = "logistics@moodon.example";
const NEW_PASSWORD: &str = "Spring#Knit2027";

/// A refusal: this error code and field, and never a success status.
#[track_caller]
fn assert_refused(res: &TestResponse, code: &str, field: Option<&str>) {
    assert!(!res.status.is_success(), "expected {code}, got {}: {}", res.status, res.body);
    let err = res.json();
    assert_eq!(err["code"], code, "{}", res.body);
    assert_eq!(err["field"].as_str(), field, "{}", res.body);
    assert!(!err["message"].as_str().unwrap_or_default().is_empty(), "{}", res.body);
}

#[track_caller]
fn assert_forbidden(res: &TestResponse) {
    assert_error(res, 403, "forbidden", None);
}

fn profile_form(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("cs_phone", "02-3141-5926".to_owned()),
        ("cs_email", "cs@moodon.example".to_owned()),
        ("cs_hours", "평일 10:00-17:00".to_owned()),
        ("introduction", "미니멀 데일리룩".to_owned()),
    ]
}

async fn update_profile(app: &TestApp, who: &Session, name: &str) -> TestResponse {
    let form = profile_form(name);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(UpdateShopProfile::PATH, &pairs, Some(who)).await
}

async fn update_payout(app: &TestApp, who: &Session, bank: &str, account: &str, holder: &str) -> TestResponse {
    app.call(
        UpdatePayoutAccount::PATH,
        &[
            ("settlement_bank", bank),
            ("settlement_account", account),
            ("settlement_holder", holder),
            ("current_password", partner_center::server::demo::DEMO_PASSWORD),
        ],
        Some(who),
    )
    .await
}

async fn invite(app: &TestApp, owner: &Session, email: &str, role: &str) -> TestResponse {
    app.call(InviteStaff::PATH, &[("email", email), ("role", role)], Some(owner)).await
}

async fn accept(app: &TestApp, token: &str, name: &str, password: &str, confirm: &str) -> TestResponse {
    app.call(
        AcceptInvitation::PATH,
        &[("token", token), ("name", name), ("password", password), ("password_confirm", confirm)],
        None,
    )
    .await
}

async fn change_role(app: &TestApp, owner: &Session, user_id: i64, role: &str) -> TestResponse {
    app.call(ChangeStaffRole::PATH, &[("user_id", &user_id.to_string()), ("role", role)], Some(owner)).await
}

async fn revoke(app: &TestApp, owner: &Session, user_id: i64) -> TestResponse {
    app.call(RevokeStaff::PATH, &[("user_id", &user_id.to_string())], Some(owner)).await
}

async fn review(app: &TestApp, operator: &Session, shop_id: i64, decision: &str, reason: &str) -> TestResponse {
    app.call(
        ReviewShop::PATH,
        &[("shop_id", &shop_id.to_string()), ("decision", decision), ("reason", reason)],
        Some(operator),
    )
    .await
}

async fn verify(app: &TestApp, token: &str) -> TestResponse {
    app.call(VerifyEmail::PATH, &[("token", token)], None).await
}

/// Whether a browser's session still signs it in.
async fn signed_in(app: &TestApp, session: &Session) -> bool {
    !app.session_info(session).await.is_null()
}

async fn role_of(app: &TestApp, session: &Session) -> String {
    app.session_info(session).await["shop"]["role"].as_str().unwrap_or_default().to_owned()
}

/// Sign-up refused with this field, and nothing stored: no account, shop,
/// membership, link, mail or file.
async fn assert_signup_refused(app: &TestApp, form: &SignupForm, code: &str, field: &str) {
    let before = app.totals().await;
    let res = app.sign_up(form).await;
    assert_refused(&res, code, Some(field));
    assert_eq!(app.totals().await, before, "a refused sign-up ({field}) stores nothing");
}

// ---------------------------------------------------------------- sign-up

db_test!(
    async fn signing_up_creates_a_pending_shop_owned_by_the_new_unverified_account(app) {
        let number = business_number(1);
        let digits = number.replace('-', "");
        // Typed without dashes and with spaces; stored as digits, shown formatted.
        let form = SignupForm::new(" Gaeul@Seongsu-Knit.Example ", "성수 니트웍스", &format!(" {digits} "));
        let res = app.sign_up(&form).await;
        assert_ok(&res);
        assert_eq!(res.json(), "gaeul@seongsu-knit.example", "the address is trimmed and lower-cased");
        assert!(res.session_cookie().is_none(), "sign-up does not sign in before verification");

        let email = "gaeul@seongsu-knit.example";
        let user_id = app.user_id(email).await;
        let shop_id = app.shop_of(user_id).await.expect("the new account belongs to the new shop");
        assert_eq!(app.shop_status(shop_id).await, "pending_review");
        let rows = app
            .rows(
                "SELECT s.name, s.business_number, s.settlement_bank, s.settlement_account, s.settlement_holder, \
                 m.role, u.email_verified_at, u.is_operator FROM shops s JOIN shop_members m ON m.shop_id = s.id \
                 JOIN users u ON u.id = m.user_id WHERE s.id = $1",
                &[shop_id],
            )
            .await;
        assert_eq!(
            rows,
            [format!(
                "name=Some(\"성수 니트웍스\"), business_number=Some(\"{digits}\"), settlement_bank=Some(\"카카오뱅크\"), \
                 settlement_account=Some(\"3333012345678\"), settlement_holder=Some(\"정가을\"), role=Some(\"owner\"), \
                 email_verified_at=Some(0), is_operator=Some(0)"
            )]
        );
        let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$") && !hash.contains(SELLER_PASSWORD), "the password is stored hashed");

        let mail = app.latest_mail(email).await.expect("a verification mail");
        assert!(mail.subject.contains("인증"));
        assert_eq!(mail.token("/verify-email").len(), 64);

        // Verified and signed in, the seller sees the number formatted and
        // the application under review.
        assert_ok(&verify(&app, &mail.token("/verify-email")).await);
        let owner = app.sign_in(email, SELLER_PASSWORD).await;
        let info = app.session_info(&owner).await;
        assert_eq!(info["shop"]["status"], "pending_review");
        assert_eq!(info["shop"]["role"], "owner");
        let profile = app.call(GetShopProfile::PATH, &[], Some(&owner)).await.json();
        assert_eq!(profile["business_number"], number);
        assert_eq!(profile["status"], "pending_review");
        let page = app.get_as("/", Some(&owner)).await;
        assert!(page.body.contains("입점 심사 중"), "the home page says the shop is under review");

        let log = app.call(ListAuditLog::PATH, &[], Some(&owner)).await.json();
        assert_eq!(log["entries"][0]["action"], "shop.application.submit");
        assert_eq!(log["entries"][0]["actor"], email);
    }
);

db_test!(
    async fn the_registration_document_is_stored_under_the_data_dir_and_not_in_the_web_root(app) {
        assert!(app.documents().is_empty());
        let form = SignupForm::new("doc@seongsu-knit.example", "문서 상점", &business_number(2))
            .document("scan.pdf", "application/pdf", common::TINY_PDF);
        assert_ok(&app.sign_up(&form).await);

        let files = app.documents();
        assert_eq!(files.len(), 1);
        let file = &files[0];
        assert_eq!(std::fs::read(file).unwrap(), common::TINY_PDF);
        assert!(file.starts_with(app.data_dir().join("documents")));
        assert!(!file.starts_with(&app.state.config.site_root), "not under the web root");
        let name = file.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(name.ends_with(".pdf"), "named by content type: {name}");
        assert!(!name.contains("scan"), "the uploaded file name is not used: {name}");

        let shop_id = app.shop_of(app.user_id("doc@seongsu-knit.example").await).await.unwrap();
        let stored = app.rows("SELECT document_path, document_mime FROM shops WHERE id = $1", &[shop_id]).await;
        assert_eq!(stored, [format!("document_path=Some({name:?}), document_mime=Some(\"application/pdf\")")]);

        // Nothing in the site serves it.
        for path in [format!("/{name}"), format!("/documents/{name}"), format!("/data/documents/{name}")] {
            let res = app.get(&path).await;
            assert_eq!(res.status, 404, "{path}");
            assert!(!res.body.contains("%PDF"), "{path}");
        }
    }
);

db_test!(
    async fn an_invalid_business_number_is_refused_and_nothing_is_created(app) {
        let good = business_number(3);
        let last = good.chars().last().unwrap().to_digit(10).unwrap();
        let wrong_checksum = format!("{}{}", &good[..good.len() - 1], (last + 1) % 10);
        for bad in [wrong_checksum.as_str(), "123-45-678", "12345678901", "abc-de-fghij", ""] {
            let form = SignupForm::new("bn@seongsu-knit.example", "번호 상점", bad);
            assert_signup_refused(&app, &form, "invalid_input", "business_number").await;
        }
    }
);

db_test!(
    async fn a_business_number_already_signed_up_is_refused_and_nothing_is_created(app) {
        // The demo shop's number, typed without dashes.
        let form = SignupForm::new("copy@seongsu-knit.example", "베낀 상점", "2208162517");
        assert_signup_refused(&app, &form, "business_number_taken", "business_number").await;
    }
);

db_test!(
    async fn an_address_that_already_has_an_account_is_refused_and_nothing_is_created(app) {
        for email in [DEMO_OWNER, " Owner@MOODON.example "] {
            let form = SignupForm::new(email, "두 번째 상점", &business_number(4));
            assert_signup_refused(&app, &form, "email_taken", "email").await;
        }
        // The existing account is untouched: the owner still signs in.
        app.sign_in_demo(DEMO_OWNER).await;
    }
);

db_test!(
    async fn a_weak_password_is_refused_and_nothing_is_created(app) {
        let email = "weak@seongsu-knit.example";
        for weak in ["Short#1", "onlyletterswithoutanything", "1234567890", "Password123", "weak-seongsu-2026", "xweakx#2026"] {
            let form = SignupForm::new(email, "약한 상점", &business_number(5)).set("password", weak).set("password_confirm", weak);
            assert_signup_refused(&app, &form, "invalid_input", "password").await;
        }
        let form = SignupForm::new(email, "약한 상점", &business_number(5)).set("password_confirm", "Knit#Seller2025");
        assert_signup_refused(&app, &form, "invalid_input", "password_confirm").await;
        let form = SignupForm::new("not-an-address", "약한 상점", &business_number(5));
        assert_signup_refused(&app, &form, "invalid_input", "email").await;
    }
);

db_test!(
    async fn every_missing_field_is_named_and_nothing_is_created(app) {
        let complete = SignupForm::new("missing@seongsu-knit.example", "빠진 상점", &business_number(6));
        for field in [
            "email",
            "password",
            "password_confirm",
            "name",
            "shop_name",
            "representative_name",
            "business_number",
            "mail_order_number",
            "business_address",
            "settlement_bank",
            "settlement_account",
            "settlement_holder",
            "document",
        ] {
            assert_signup_refused(&app, &complete.clone().without(field), "invalid_input", field).await;
            if field != "document" {
                // Blank counts as missing.
                assert_signup_refused(&app, &complete.clone().set(field, "   "), "invalid_input", field).await;
            }
        }
        let form = complete.clone().set("settlement_bank", "없는은행");
        assert_signup_refused(&app, &form, "invalid_input", "settlement_bank").await;
        // The complete form goes through.
        assert_ok(&app.sign_up(&complete).await);
    }
);

db_test!(
    async fn a_document_that_is_not_an_image_or_pdf_is_refused_whatever_its_name(app) {
        let form = SignupForm::new("upload@seongsu-knit.example", "파일 상점", &business_number(7));
        let fakes: [(&str, &str, &[u8]); 4] = [
            ("사업자등록증.pdf", "application/pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff This program cannot be run in DOS mode"),
            ("사업자등록증.png", "image/png", b"just some text pretending to be a picture"),
            ("사업자등록증.jpg", "image/jpeg", b"<html><script>alert(1)</script></html>"),
            ("사업자등록증.png", "image/png", b""),
        ];
        for (name, content_type, bytes) in fakes {
            let bad = form.clone().document(name, content_type, bytes);
            assert_signup_refused(&app, &bad, "invalid_input", "document").await;
        }
        // A real PNG with a misleading name is judged by its content.
        assert_ok(&app.sign_up(&form.document("scan.exe", "application/octet-stream", common::TINY_PNG)).await);
        assert!(app.documents()[0].to_str().unwrap().ends_with(".png"));
    }
);

db_test!(
    async fn a_document_over_10_mb_is_refused_and_one_of_exactly_10_mb_is_accepted(app) {
        const MB10: usize = 10 * 1024 * 1024;
        let form = SignupForm::new("big@seongsu-knit.example", "큰 파일 상점", &business_number(8));
        let mut over = b"%PDF-1.4\n".to_vec();
        over.resize(MB10 + 1, b' ');
        let res_form = form.clone().document("big.pdf", "application/pdf", &over);
        assert_signup_refused(&app, &res_form, "invalid_input", "document").await;
        let res = app.sign_up(&res_form).await;
        assert!(res.json()["message"].as_str().unwrap().contains("10MB"), "{}", res.body);

        // Far over: refused before it is read.
        let mut huge = over.clone();
        huge.resize(12 * 1024 * 1024, b' ');
        let before = app.totals().await;
        let res = app.sign_up(&form.clone().document("huge.pdf", "application/pdf", &huge)).await;
        assert_eq!(res.status, 413, "{}", res.body);
        assert_eq!(app.totals().await, before);

        let mut exact = over;
        exact.truncate(MB10);
        assert_ok(&app.sign_up(&form.document("exact.pdf", "application/pdf", &exact)).await);
        assert_eq!(std::fs::metadata(&app.documents()[0]).unwrap().len(), MB10 as u64);
    }
);

// ---------------------------------------------------------------- e-mail verification

db_test!(
    async fn signing_in_is_refused_until_the_address_is_verified(app) {
        let email = "unverified@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "미인증 상점", &business_number(9))).await);
        let res = app.login(email, SELLER_PASSWORD).await;
        assert_refused(&res, "email_not_verified", None);
        assert!(res.session_cookie().is_none());
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        // A wrong password says nothing about the account's state.
        let res = app.login(email, "Wrong#Password1").await;
        assert_refused(&res, "invalid_credentials", None);
    }
);

db_test!(
    async fn a_verification_link_works_once(app) {
        let email = "once@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "한 번 상점", &business_number(10))).await);
        let mail = app.latest_mail(email).await.unwrap();
        let link = mail.body.lines().find(|l| l.contains("/verify-email?token=")).unwrap().trim().to_owned();
        let path = &link[link.find("/verify-email").unwrap()..];

        // Opening the mailed link only shows the confirm button: a mail
        // scanner that fetches every link does not use it up.
        let page = app.get_as(path, None).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("이메일 인증 완료하기"), "{}", page.body);
        assert_refused(&app.login(email, SELLER_PASSWORD).await, "email_not_verified", None);

        // The button (the verify_email server function) confirms it, once.
        let res = verify(&app, &mail.token("/verify-email")).await;
        assert_ok(&res);
        assert_eq!(res.json(), serde_json::json!(email));
        app.sign_in(email, SELLER_PASSWORD).await;
        assert_refused(&verify(&app, &mail.token("/verify-email")).await, "invalid_token", None);
        // And a made-up one.
        assert_refused(&verify(&app, &"ab".repeat(32)).await, "invalid_token", None);
    }
);

db_test!(
    async fn an_expired_verification_link_is_refused(app) {
        let email = "late@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "늦은 상점", &business_number(11))).await);
        let token = app.latest_mail(email).await.unwrap().token("/verify-email");
        sqlx::query("UPDATE auth_tokens SET expires_at = $1 WHERE purpose = 'verify_email'")
            .bind(chrono::Utc::now().timestamp_millis() - 1)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        assert_refused(&verify(&app, &token).await, "invalid_token", None);
        assert_refused(&app.login(email, SELLER_PASSWORD).await, "email_not_verified", None);
    }
);

db_test!(
    async fn a_new_verification_link_can_be_requested_without_revealing_who_has_an_account(app) {
        let email = "resend@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "다시 상점", &business_number(12))).await);
        let first = app.latest_mail(email).await.unwrap().token("/verify-email");
        let mails = app.count("SELECT COUNT(*) FROM mail_outbox").await;

        let res = app.call(ResendVerification::PATH, &[("email", " RESEND@seongsu-knit.example")], None).await;
        assert_ok(&res);
        let second = app.latest_mail(email).await.unwrap().token("/verify-email");
        assert_ne!(first, second);
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, mails + 1);

        // Unknown and already verified addresses get the same answer and no mail.
        for other in ["nobody@seongsu-knit.example", DEMO_OWNER] {
            let res = app.call(ResendVerification::PATH, &[("email", other)], None).await;
            assert_eq!((res.status.as_u16(), res.body.as_str()), (200, "null"), "{other}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, mails + 1);

        assert_ok(&verify(&app, &second).await);
        app.sign_in(email, SELLER_PASSWORD).await;
    }
);

// ---------------------------------------------------------------- sign-in

db_test!(
    async fn a_wrong_password_or_unknown_address_is_refused_alike(app) {
        let wrong = app.login(DEMO_OWNER, "moodon-demo-2025").await;
        let unknown = app.login("nobody@moodon.example", DEMO_PASSWORD).await;
        let malformed = app.login("not an address", DEMO_PASSWORD).await;
        for res in [&wrong, &unknown, &malformed] {
            assert_refused(res, "invalid_credentials", None);
            assert!(res.session_cookie().is_none());
        }
        assert_eq!(wrong.json()["message"], unknown.json()["message"]);
        assert_eq!(wrong.status, unknown.status);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    }
);

db_test!(
    async fn after_five_failures_even_the_right_password_is_refused_and_a_restart_does_not_reset_it(app) {
        for _ in 0..5 {
            assert_refused(&app.login(DEMO_OWNER, "Guess#Password1").await, "invalid_credentials", None);
        }
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        assert_error(&res, 429, "too_many_requests", None);
        assert!(res.session_cookie().is_none());

        app.restart().await;
        assert_error(&app.login(DEMO_OWNER, DEMO_PASSWORD).await, 429, "too_many_requests", None);
        // Other accounts are not locked out.
        app.sign_in_demo(MANAGER).await;

        // Once the failures are older than the window, the right password works again.
        sqlx::query("UPDATE login_failures SET failed_at = failed_at - $1")
            .bind(16 * 60 * 1000_i64)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        app.sign_in_demo(DEMO_OWNER).await;
    }
);

db_test!(
    async fn every_sign_in_gets_a_new_session_id_and_never_keeps_the_one_brought_along(app) {
        let first = app.sign_in_demo(DEMO_OWNER).await;
        let second = app.sign_in_demo(DEMO_OWNER).await;
        assert_ne!(first, second);
        assert_eq!(first.0.len(), 64);
        assert!(signed_in(&app, &first).await && signed_in(&app, &second).await, "two devices");

        // Signing in again in a browser that has a session replaces it.
        let res = app
            .post_as(Login::PATH, &[("email", DEMO_OWNER), ("password", DEMO_PASSWORD)], Some(&first), common::SAME_ORIGIN)
            .await;
        assert_ok(&res);
        let third = Session(res.session_cookie().unwrap());
        assert_ne!(third, first);
        assert!(!signed_in(&app, &first).await, "the replaced session ended");
        assert!(signed_in(&app, &third).await);

        // A session id planted by someone else is never adopted.
        let planted = Session("f".repeat(64));
        let res = app
            .post_as(Login::PATH, &[("email", DEMO_OWNER), ("password", DEMO_PASSWORD)], Some(&planted), common::SAME_ORIGIN)
            .await;
        assert_ok(&res);
        assert_ne!(res.session_cookie().unwrap(), planted.0);
        assert!(!signed_in(&app, &planted).await);
        // The database keeps no session id in the clear.
        let ids = app.rows("SELECT id_hash FROM sessions", &[]).await.join(" ");
        assert!(!ids.contains(&second.0) && !ids.contains(&third.0));
    }
);

db_test!(
    async fn logging_out_ends_the_session_and_clears_the_cookie(app) {
        let phone = app.sign_in_demo(DEMO_OWNER).await;
        let desk = app.sign_in_demo(DEMO_OWNER).await;
        let res = app.call(Logout::PATH, &[], Some(&phone)).await;
        assert_ok(&res);
        let cookie = res.session_set_cookie().expect("the cookie is cleared");
        assert!(cookie.starts_with("pc_session=;") && cookie.contains("Max-Age=0"), "{cookie}");
        assert!(!signed_in(&app, &phone).await);
        assert_error(&app.call(GetDashboard::PATH, &[], Some(&phone)).await, 401, "unauthorized", None);
        assert_eq!(app.get_as("/", Some(&phone)).await.header("location"), "/login");
        // The other device stays signed in.
        assert!(signed_in(&app, &desk).await);
    }
);

db_test!(
    async fn an_expired_session_no_longer_signs_in(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        sqlx::query("UPDATE sessions SET expires_at = $1")
            .bind(chrono::Utc::now().timestamp_millis() - 1)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        assert!(!signed_in(&app, &owner).await);
        assert_error(&app.call(GetShopProfile::PATH, &[], Some(&owner)).await, 401, "unauthorized", None);
    }
);

db_test!(
    async fn the_session_cookie_is_http_only_and_same_site_lax_and_secure_only_over_https(app) {
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        let cookie = res.session_set_cookie().expect("set-cookie");
        let attributes: Vec<&str> = cookie.split(';').map(str::trim).skip(1).collect();
        assert!(attributes.contains(&"HttpOnly"), "{cookie}");
        assert!(attributes.contains(&"SameSite=Lax"), "{cookie}");
        assert!(attributes.contains(&"Path=/"), "{cookie}");
        assert!(attributes.contains(&"Max-Age=2592000"), "30 days: {cookie}");
        assert!(!attributes.contains(&"Secure"), "plain http must not get a Secure cookie: {cookie}");

        app.restart_with(|config| config.public_url = Some("https://partner.example".to_owned())).await;
        let res = app.login(DEMO_OWNER, DEMO_PASSWORD).await;
        let cookie = res.session_set_cookie().expect("set-cookie");
        assert!(cookie.split(';').map(str::trim).any(|a| a == "Secure"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    }
);

// ---------------------------------------------------------------- passwords

db_test!(
    async fn a_forgotten_password_is_reset_through_a_link_that_works_once(app) {
        let phone = app.sign_in_demo(MANAGER).await;
        let desk = app.sign_in_demo(MANAGER).await;
        let mails = app.count("SELECT COUNT(*) FROM mail_outbox").await;
        // Unknown addresses get the same answer and no mail.
        let res = app.call(ForgotPassword::PATH, &[("email", "nobody@moodon.example")], None).await;
        assert_eq!((res.status.as_u16(), res.body.as_str()), (200, "null"));
        assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, mails);

        assert_ok(&app.call(ForgotPassword::PATH, &[("email", "Manager@Moodon.example")], None).await);
        let token = app.latest_mail(MANAGER).await.expect("reset mail").token("/reset-password");

        // A weak or mismatched new password is refused and the link stays usable.
        let reset = |password: &'static str, confirm: &'static str| {
            let token = token.clone();
            let app = &app;
            async move {
                app.call(
                    ResetPassword::PATH,
                    &[("token", &token), ("password", password), ("password_confirm", confirm)],
                    None,
                )
                .await
            }
        };
        assert_error(&reset("short", "short").await, 422, "invalid_input", Some("password"));
        assert_error(&reset(NEW_PASSWORD, "Spring#Knit2028").await, 422, "invalid_input", Some("password_confirm"));
        assert_ok(&reset(NEW_PASSWORD, NEW_PASSWORD).await);

        assert_refused(&app.login(MANAGER, DEMO_PASSWORD).await, "invalid_credentials", None);
        assert!(!signed_in(&app, &phone).await && !signed_in(&app, &desk).await, "every session ended");
        app.sign_in(MANAGER, NEW_PASSWORD).await;

        // Used once; not again.
        assert_refused(&reset("Autumn#Knit2029", "Autumn#Knit2029").await, "invalid_token", None);
        app.sign_in(MANAGER, NEW_PASSWORD).await;
    }
);

db_test!(
    async fn an_expired_reset_link_is_refused(app) {
        assert_ok(&app.call(ForgotPassword::PATH, &[("email", MANAGER)], None).await);
        let token = app.latest_mail(MANAGER).await.unwrap().token("/reset-password");
        sqlx::query("UPDATE auth_tokens SET expires_at = $1 WHERE purpose = 'reset_password'")
            .bind(chrono::Utc::now().timestamp_millis() - 1)
            .execute(app.state.db.pool())
            .await
            .unwrap();
        let res = app
            .call(ResetPassword::PATH, &[("token", &token), ("password", NEW_PASSWORD), ("password_confirm", NEW_PASSWORD)], None)
            .await;
        assert_refused(&res, "invalid_token", None);
        app.sign_in_demo(MANAGER).await;
    }
);

db_test!(
    async fn changing_the_password_needs_the_current_one_and_signs_out_every_other_device(app) {
        let here = app.sign_in_demo(DEMO_OWNER).await;
        let elsewhere = app.sign_in_demo(DEMO_OWNER).await;
        let change = |current: &'static str, password: &'static str, confirm: &'static str| {
            let here = here.clone();
            let app = &app;
            async move {
                app.call(
                    ChangePassword::PATH,
                    &[("current_password", current), ("password", password), ("password_confirm", confirm)],
                    Some(&here),
                )
                .await
            }
        };
        assert_error(&change("not-my-password-1", NEW_PASSWORD, NEW_PASSWORD).await, 422, "invalid_input", Some("current_password"));
        assert_error(&change(DEMO_PASSWORD, "short", "short").await, 422, "invalid_input", Some("password"));
        assert_error(&change(DEMO_PASSWORD, NEW_PASSWORD, "Spring#Knit2028").await, 422, "invalid_input", Some("password_confirm"));
        assert!(signed_in(&app, &elsewhere).await, "refused changes sign nobody out");
        app.sign_in_demo(DEMO_OWNER).await;

        let res = change(DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_ok(&res);
        // This device stays signed in, under a new session id.
        let rotated = Session(res.session_cookie().expect("the session is rotated"));
        assert!(signed_in(&app, &rotated).await, "this device stays signed in");
        assert!(!signed_in(&app, &here).await, "its old session id is void");
        assert!(!signed_in(&app, &elsewhere).await, "the other device is signed out");
        assert_refused(&app.login(DEMO_OWNER, DEMO_PASSWORD).await, "invalid_credentials", None);
        app.sign_in(DEMO_OWNER, NEW_PASSWORD).await;

        // Signed out, nobody can change a password.
        let res = app
            .call(ChangePassword::PATH, &[("current_password", NEW_PASSWORD), ("password", "X#1234567890"), ("password_confirm", "X#1234567890")], None)
            .await;
        assert_error(&res, 401, "unauthorized", None);
    }
);

db_test!(
    async fn the_session_list_shows_each_device_and_other_devices_can_be_signed_out(app) {
        let sign_in_with = |agent: &'static str| {
            let app = &app;
            async move {
                let res = app
                    .post_as(
                        Login::PATH,
                        &[("email", DEMO_OWNER), ("password", DEMO_PASSWORD)],
                        None,
                        &[("sec-fetch-site", "same-origin"), ("user-agent", agent)],
                    )
                    .await;
                assert_ok(&res);
                Session(res.session_cookie().unwrap())
            }
        };
        let desk = sign_in_with("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36").await;
        let phone = sign_in_with("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1").await;
        let tablet = sign_in_with("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 SamsungBrowser/25.0 Chrome/121.0 Safari/537.36").await;
        // Someone else's session is not listed.
        app.sign_in_demo(MANAGER).await;

        let list = app.call(ListSessions::PATH, &[], Some(&desk)).await.json();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 3, "{list:?}");
        let current: Vec<_> = list.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0]["user_agent"], "Chrome · Windows");
        let agents: Vec<&str> = list.iter().map(|s| s["user_agent"].as_str().unwrap()).collect();
        assert!(agents.contains(&"Safari · iOS") && agents.contains(&"삼성 인터넷 · Android"), "{agents:?}");
        let text = serde_json::to_string(&list).unwrap();
        assert!(!text.contains(&desk.0) && !text.contains(&phone.0), "session ids are never shown");

        let res = app.call(LogoutOtherSessions::PATH, &[], Some(&desk)).await;
        assert_ok(&res);
        assert_eq!(res.json(), 2);
        assert!(signed_in(&app, &desk).await);
        assert!(!signed_in(&app, &phone).await && !signed_in(&app, &tablet).await);
        let list = app.call(ListSessions::PATH, &[], Some(&desk)).await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_error(&app.call(ListSessions::PATH, &[], Some(&phone)).await, 401, "unauthorized", None);
    }
);

// ---------------------------------------------------------------- payout account

db_test!(
    async fn the_payout_account_is_shown_masked_and_changed_only_by_the_owner(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let res = app.call(GetPayoutAccount::PATH, &[], Some(&owner)).await;
        assert_ok(&res);
        assert_eq!(
            res.json(),
            serde_json::json!({ "bank": "신한은행", "account": "110-****-6789", "holder": "김하늘", "hold_days": 3, "held_until": "" })
        );
        assert!(!res.body.contains("123456"));

        assert_error(&update_payout(&app, &owner, "없는은행", "1002-123-456789", "김하늘").await, 422, "invalid_input", Some("settlement_bank"));
        assert_error(&update_payout(&app, &owner, "우리은행", "12-34", "김하늘").await, 422, "invalid_input", Some("settlement_account"));
        assert_error(&update_payout(&app, &owner, "우리은행", "1002-123-456789", " ").await, 422, "invalid_input", Some("settlement_holder"));
        let res = update_payout(&app, &owner, "우리은행", "1002-123-456789", "김하늘").await;
        assert_ok(&res);
        assert_eq!(res.json()["account"], "100-****-6789");
        let stored = app.rows("SELECT settlement_bank, settlement_account FROM shops", &[]).await;
        assert_eq!(stored, ["settlement_bank=Some(\"우리은행\"), settlement_account=Some(\"1002123456789\")"]);

        for who in [MANAGER, CS, LOGISTICS] {
            let staff = app.sign_in_demo(who).await;
            assert_forbidden(&app.call(GetPayoutAccount::PATH, &[], Some(&staff)).await);
            assert_forbidden(&update_payout(&app, &staff, "토스뱅크", "1000-1234-5678", "도둑").await);
        }
        let stored = app.rows("SELECT settlement_bank, settlement_account FROM shops", &[]).await;
        assert_eq!(stored, ["settlement_bank=Some(\"우리은행\"), settlement_account=Some(\"1002123456789\")"]);
    }
);

// ---------------------------------------------------------------- staff and roles

db_test!(
    async fn an_invited_person_joins_through_the_mailed_link_with_the_role_given(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let newcomer = "newhire@knit.example";
        assert_ok(&invite(&app, &owner, " NewHire@Knit.example ", "cs").await);
        let mail = app.latest_mail(newcomer).await.expect("invitation mail");
        assert!(mail.subject.contains(DEMO_SHOP_NAME));
        let token = mail.token("/invitation");

        let staff = app.call(ListStaff::PATH, &[], Some(&owner)).await.json();
        let pending = &staff["invitations"][0];
        assert_eq!((pending["email"].as_str(), pending["role"].as_str()), (Some(newcomer), Some("cs")));
        assert_ne!(pending["id"], token, "the owner's list never holds the link's token");

        // Signed out, the link shows what it offers.
        let res = app.call(GetInvitation::PATH, &[("token", &token)], None).await;
        assert_ok(&res);
        assert_eq!(
            res.json(),
            serde_json::json!({ "shop_name": DEMO_SHOP_NAME, "email": newcomer, "role": "cs", "has_account": false })
        );
        let page = app.get_as(&format!("/invitation?token={token}"), None).await;
        assert!(page.body.contains(DEMO_SHOP_NAME) && page.body.contains(newcomer), "{}", page.body);
        // The owner's handle is not a link token.
        assert_refused(&app.call(GetInvitation::PATH, &[("token", pending["id"].as_str().unwrap())], None).await, "invalid_token", None);

        assert_error(&accept(&app, &token, "", NEW_PASSWORD, NEW_PASSWORD).await, 422, "invalid_input", Some("name"));
        assert_error(&accept(&app, &token, "한신입", "newhire-2026", "newhire-2026").await, 422, "invalid_input", Some("password"));
        assert_error(&accept(&app, &token, "한신입", NEW_PASSWORD, "Other#Pass2026").await, 422, "invalid_input", Some("password_confirm"));
        assert_eq!(app.count_where("SELECT COUNT(*) FROM users WHERE email = $1", newcomer).await, 0);

        let res = accept(&app, &token, "한신입", NEW_PASSWORD, NEW_PASSWORD).await;
        assert_ok(&res);
        assert_eq!(res.json()["shop"]["role"], "cs");
        assert_eq!(res.json()["shop"]["shop_name"], DEMO_SHOP_NAME);
        let joined = Session(res.session_cookie().expect("joining signs in"));
        assert_eq!(role_of(&app, &joined).await, "cs");

        // The role's limits hold for the new member.
        assert_ok(&app.call(GetDashboard::PATH, &[], Some(&joined)).await);
        assert_forbidden(&app.call(GetPayoutAccount::PATH, &[], Some(&joined)).await);
        assert_forbidden(&update_profile(&app, &joined, "가로챈 이름").await);
        assert_forbidden(&app.call(ListStaff::PATH, &[], Some(&joined)).await);

        // The link is used up; the account signs in with its own password.
        assert_refused(&accept(&app, &token, "두번째", NEW_PASSWORD, NEW_PASSWORD).await, "invalid_token", None);
        assert_refused(&app.call(GetInvitation::PATH, &[("token", &token)], None).await, "invalid_token", None);
        app.sign_in(newcomer, NEW_PASSWORD).await;
        let staff = app.call(ListStaff::PATH, &[], Some(&owner)).await.json();
        assert!(staff["invitations"].as_array().unwrap().is_empty());
        assert!(staff["members"].as_array().unwrap().iter().any(|m| m["email"] == newcomer && m["role"] == "cs"));
    }
);

db_test!(
    async fn invitations_are_checked_and_a_cancelled_one_cannot_be_accepted(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        assert_error(&invite(&app, &owner, "someone@knit.example", "owner").await, 422, "invalid_input", Some("role"));
        assert_error(&invite(&app, &owner, "someone@knit.example", "admin").await, 422, "invalid_input", Some("role"));
        assert_error(&invite(&app, &owner, "not-an-address", "cs").await, 422, "invalid_input", Some("email"));
        assert_error(&invite(&app, &owner, CS, "manager").await, 422, "invalid_input", Some("email"));
        assert_eq!(app.count("SELECT COUNT(*) FROM auth_tokens").await, 0);

        assert_ok(&invite(&app, &owner, "cancelled@knit.example", "logistics").await);
        let token = app.latest_mail("cancelled@knit.example").await.unwrap().token("/invitation");
        let id = app.call(ListStaff::PATH, &[], Some(&owner)).await.json()["invitations"][0]["id"].as_str().unwrap().to_owned();
        assert_ok(&app.call(CancelInvitation::PATH, &[("id", &id)], Some(&owner)).await);
        assert_error(&app.call(CancelInvitation::PATH, &[("id", &id)], Some(&owner)).await, 404, "not_found", None);
        assert_refused(&app.call(GetInvitation::PATH, &[("token", &token)], None).await, "invalid_token", None);
        assert_refused(&accept(&app, &token, "취소됨", NEW_PASSWORD, NEW_PASSWORD).await, "invalid_token", None);
        assert_eq!(app.count_where("SELECT COUNT(*) FROM users WHERE email = $1", "cancelled@knit.example").await, 0);
    }
);

db_test!(
    async fn each_role_is_held_to_what_it_may_do(app) {
        let manager = app.sign_in_demo(MANAGER).await;
        let cs = app.sign_in_demo(CS).await;
        let logistics = app.sign_in_demo(LOGISTICS).await;
        let cs_id = app.user_id(CS).await;

        // Everyone sees the dashboard and the shop profile.
        for who in [&manager, &cs, &logistics] {
            assert_ok(&app.call(GetDashboard::PATH, &[], Some(who)).await);
            assert_ok(&app.call(GetShopProfile::PATH, &[], Some(who)).await);
        }
        let before = app.dump().await;
        // Staff management, the payout account and the audit log are the owner's.
        for who in [&manager, &cs, &logistics] {
            assert_forbidden(&app.call(ListStaff::PATH, &[], Some(who)).await);
            assert_forbidden(&invite(&app, who, "friend@knit.example", "manager").await);
            assert_forbidden(&change_role(&app, who, cs_id, "manager").await);
            assert_forbidden(&revoke(&app, who, cs_id).await);
            assert_forbidden(&app.call(GetPayoutAccount::PATH, &[], Some(who)).await);
            assert_forbidden(&app.call(ListAuditLog::PATH, &[], Some(who)).await);
        }
        // The shop profile is the owner's and the manager's.
        assert_forbidden(&update_profile(&app, &cs, "CS가 바꾼 이름").await);
        assert_forbidden(&update_profile(&app, &logistics, "물류가 바꾼 이름").await);
        assert_eq!(app.dump().await, before, "refused calls change nothing");
        let res = update_profile(&app, &manager, "매니저가 바꾼 이름").await;
        assert_ok(&res);
        assert_eq!(res.json()["name"], "매니저가 바꾼 이름");
    }
);

db_test!(
    async fn the_owner_changes_a_role_and_revokes_access(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let cs = app.sign_in_demo(CS).await;
        let cs_id = app.user_id(CS).await;

        assert_forbidden(&update_profile(&app, &cs, "바뀐 이름").await);
        assert_ok(&change_role(&app, &owner, cs_id, "manager").await);
        // The change applies to the open session at once.
        assert_eq!(role_of(&app, &cs).await, "manager");
        assert_ok(&update_profile(&app, &cs, "바뀐 이름").await);
        assert_ok(&change_role(&app, &owner, cs_id, "logistics").await);
        assert_forbidden(&update_profile(&app, &cs, "또 바뀐 이름").await);

        assert_error(&change_role(&app, &owner, cs_id, "owner").await, 422, "invalid_input", Some("role"));
        assert_error(&change_role(&app, &owner, 999_999, "cs").await, 404, "not_found", None);
        assert_error(&revoke(&app, &owner, 999_999).await, 404, "not_found", None);

        assert_ok(&revoke(&app, &owner, cs_id).await);
        assert_forbidden(&app.call(GetDashboard::PATH, &[], Some(&cs)).await);
        assert_forbidden(&app.call(GetShopProfile::PATH, &[], Some(&cs)).await);
        assert_forbidden(&update_profile(&app, &cs, "해제 후 이름").await);
        assert!(app.session_info(&cs).await["shop"].is_null());
        let members = app.call(ListStaff::PATH, &[], Some(&owner)).await.json()["members"].clone();
        assert!(!members.as_array().unwrap().iter().any(|m| m["email"] == CS));
        assert_error(&revoke(&app, &owner, cs_id).await, 404, "not_found", None);

        // Invited again, the existing account joins with its own password.
        assert_ok(&invite(&app, &owner, CS, "logistics").await);
        let token = app.latest_mail(CS).await.unwrap().token("/invitation");
        assert_eq!(app.call(GetInvitation::PATH, &[("token", &token)], None).await.json()["has_account"], true);
        assert_error(&accept(&app, &token, "", "wrong-password-1", "").await, 422, "invalid_input", Some("password"));
        let res = accept(&app, &token, "", DEMO_PASSWORD, "").await;
        assert_ok(&res);
        assert_eq!(res.json()["shop"]["role"], "logistics");
        assert_eq!(res.json()["name"], "이상담", "the existing account keeps its name");
    }
);

db_test!(
    async fn the_owner_can_be_neither_revoked_nor_demoted(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let owner_id = app.user_id(DEMO_OWNER).await;
        assert_forbidden(&revoke(&app, &owner, owner_id).await);
        assert_forbidden(&change_role(&app, &owner, owner_id, "manager").await);
        assert_eq!(role_of(&app, &owner).await, "owner");
        assert_ok(&app.call(ListStaff::PATH, &[], Some(&owner)).await);
    }
);

// ---------------------------------------------------------------- audit log

db_test!(
    async fn the_audit_log_records_who_changed_what_and_only_the_owner_reads_it(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let cs_id = app.user_id(CS).await;
        let logistics_id = app.user_id(LOGISTICS).await;
        assert_ok(&update_profile(&app, &owner, "무드온 니트랩").await);
        assert_ok(&update_payout(&app, &owner, "우리은행", "1002-987-654321", "김하늘").await);
        assert_ok(&invite(&app, &owner, "audit@knit.example", "cs").await);
        assert_ok(&change_role(&app, &owner, cs_id, "manager").await);
        assert_ok(&revoke(&app, &owner, logistics_id).await);

        let res = app.call(ListAuditLog::PATH, &[], Some(&owner)).await;
        assert_ok(&res);
        let page = res.json();
        let entries = page["entries"].as_array().unwrap();
        let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(
            actions,
            ["staff.revoke", "staff.role.change", "staff.invite", "shop.payout.update", "shop.profile.update"],
            "newest first"
        );
        assert!(entries.iter().all(|e| e["actor"] == DEMO_OWNER), "{entries:?}");
        assert_eq!(entries[0]["target"], LOGISTICS);
        assert_eq!(entries[1]["target"], CS);
        assert!(entries[1]["before"].as_str().unwrap().contains("cs") && entries[1]["after"].as_str().unwrap().contains("manager"));
        assert_eq!(entries[2]["target"], "audit@knit.example");
        assert!(entries[4]["before"].as_str().unwrap().contains(DEMO_SHOP_NAME));
        assert!(entries[4]["after"].as_str().unwrap().contains("무드온 니트랩"));
        assert_eq!(entries[3]["action_label"], "정산 계좌 변경");
        // Account numbers appear masked even in the log.
        assert!(!res.body.contains("110123456789") && !res.body.contains("1002987654321"), "{}", res.body);
        assert!(res.body.contains("110-****-6789") && res.body.contains("100-****-4321"));

        for who in [MANAGER, CS] {
            let staff = app.sign_in_demo(who).await;
            assert_forbidden(&app.call(ListAuditLog::PATH, &[], Some(&staff)).await);
        }
        assert_error(&app.call(ListAuditLog::PATH, &[], None).await, 401, "unauthorized", None);
    }
);

db_test!(
    async fn the_audit_log_is_read_page_by_page(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        for i in 0..52 {
            assert_ok(&update_profile(&app, &owner, &format!("이름 {i}")).await);
        }
        let first = app.call(ListAuditLog::PATH, &[], Some(&owner)).await.json();
        let ids = |page: &serde_json::Value| -> Vec<i64> {
            page["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect()
        };
        assert_eq!(ids(&first).len(), partner_center::audit::AUDIT_PAGE_SIZE as usize);
        let next = first["next"].as_i64().expect("an older page");
        let second = app.call(ListAuditLog::PATH, &[("before_id", &next.to_string())], Some(&owner)).await.json();
        assert_eq!(ids(&second).len(), 2);
        assert!(second["next"].is_null());
        assert!(ids(&second).iter().all(|id| *id < *ids(&first).last().unwrap()));
        assert_eq!(second["entries"][1]["target"], "이름 0");
    }
);

// ---------------------------------------------------------------- operator

db_test!(
    async fn sellers_cannot_use_the_operator_console(app) {
        let shop_id = app.demo_shop_id().await;
        let before = app.dump().await;
        for who in [DEMO_OWNER, MANAGER, CS] {
            let seller = app.sign_in_demo(who).await;
            for status in ["all", "pending_review"] {
                assert_forbidden(&app.call(ListApplications::PATH, &[("status", status)], Some(&seller)).await);
            }
            assert_forbidden(&app.call(GetApplication::PATH, &[("shop_id", &shop_id.to_string())], Some(&seller)).await);
            assert_forbidden(&review(&app, &seller, shop_id, "suspend", "셀프 정지").await);
            assert_forbidden(&app.call(ListMailbox::PATH, &[], Some(&seller)).await);
        }
        let signed_out = app.call(ListApplications::PATH, &[("status", "all")], None).await;
        assert_error(&signed_out, 401, "unauthorized", None);
        let after = app.dump().await;
        let changed: Vec<_> = after.iter().filter(|r| !r.starts_with("sessions:") && !before.contains(r)).collect();
        assert!(changed.is_empty(), "only sign-ins happened: {changed:?}");
        assert_eq!(app.shop_status(shop_id).await, "approved");
    }
);

db_test!(
    async fn an_operator_approves_a_pending_application(app) {
        let shop = app.open_shop("approve@seongsu-knit.example", "승인 상점", 20).await;
        let operator = app.operator().await;
        assert_eq!(app.session_info(&operator).await["is_operator"], true);

        let queue = app.call(ListApplications::PATH, &[("status", "pending_review")], Some(&operator)).await;
        assert_ok(&queue);
        let queue = queue.json();
        assert_eq!(queue.as_array().unwrap().len(), 1, "only the pending one: {queue}");
        assert_eq!(queue[0]["shop_id"], shop.shop_id);
        assert_eq!(queue[0]["owner_email"], shop.email);
        assert_eq!(queue[0]["business_number"], business_number(20));
        let all = app.call(ListApplications::PATH, &[("status", "all")], Some(&operator)).await.json();
        assert_eq!(all.as_array().unwrap().len(), 2);
        assert_error(&app.call(ListApplications::PATH, &[("status", "open")], Some(&operator)).await, 422, "invalid_input", Some("status"));

        let detail = app.call(GetApplication::PATH, &[("shop_id", &shop.shop_id.to_string())], Some(&operator)).await.json();
        assert_eq!(detail["document_url"], format!("/operator/documents/{}", shop.shop_id));
        assert_eq!(detail["settlement_bank"], "카카오뱅크");
        assert_eq!(detail["summary"]["status"], "pending_review");

        let res = review(&app, &operator, shop.shop_id, "approve", "").await;
        assert_ok(&res);
        assert_eq!(res.json(), "approved");
        assert_eq!(app.shop_status(shop.shop_id).await, "approved");
        assert_eq!(app.session_info(&shop.owner).await["shop"]["status"], "approved");
        assert!(app.latest_mail(&shop.email).await.unwrap().subject.contains("승인"));
        let log = app.call(ListAuditLog::PATH, &[], Some(&shop.owner)).await.json();
        assert_eq!(log["entries"][0]["action"], "shop.review.approve");
        assert_eq!(log["entries"][0]["actor"], "operator@platform.example");
        assert_error(&app.call(GetApplication::PATH, &[("shop_id", "999999")], Some(&operator)).await, 404, "not_found", None);
    }
);

db_test!(
    async fn a_rejection_needs_a_reason_the_seller_sees_and_a_resubmission_goes_back_to_review(app) {
        let shop = app.open_shop("reject@seongsu-knit.example", "반려 상점", 21).await;
        let operator = app.operator().await;
        for blank in ["", "   "] {
            assert_error(&review(&app, &operator, shop.shop_id, "reject", blank).await, 422, "invalid_input", Some("reason"));
        }
        assert_error(&review(&app, &operator, shop.shop_id, "reject", &"가".repeat(501)).await, 422, "invalid_input", Some("reason"));
        assert_eq!(app.shop_status(shop.shop_id).await, "pending_review");

        let reason = "사업자등록증 사진이 흐려 번호를 읽을 수 없습니다.";
        let res = review(&app, &operator, shop.shop_id, "reject", reason).await;
        assert_ok(&res);
        assert_eq!(res.json(), "rejected");
        let info = app.session_info(&shop.owner).await;
        assert_eq!(info["shop"]["status"], "rejected");
        assert_eq!(info["shop"]["rejection_reason"], reason);
        assert_eq!(app.call(GetDashboard::PATH, &[], Some(&shop.owner)).await.json()["rejection_reason"], reason);
        assert!(app.get_as("/", Some(&shop.owner)).await.body.contains(reason));
        assert!(app.latest_mail(&shop.email).await.unwrap().body.contains(reason));

        // The seller fixes the application: a clear scan, a corrected name.
        let fixed = shop.form.clone().set("shop_name", "반려 후 고친 상점").document("clear.pdf", "application/pdf", common::TINY_PDF);
        let bad = fixed.clone().set("business_number", "220-81-62517");
        let res = app.post_multipart(ResubmitApplication::PATH, &bad.parts(), Some(&shop.owner), common::SAME_ORIGIN).await;
        assert_refused(&res, "business_number_taken", Some("business_number"));
        let res = app.post_multipart(ResubmitApplication::PATH, &fixed.clone().without("document").parts(), Some(&shop.owner), common::SAME_ORIGIN).await;
        assert_error(&res, 422, "invalid_input", Some("document"));
        assert_eq!(app.shop_status(shop.shop_id).await, "rejected");

        let res = app.post_multipart(ResubmitApplication::PATH, &fixed.parts(), Some(&shop.owner), common::SAME_ORIGIN).await;
        assert_ok(&res);
        let info = app.session_info(&shop.owner).await;
        assert_eq!(info["shop"]["status"], "pending_review");
        assert_eq!(info["shop"]["rejection_reason"], "");
        assert_eq!(info["shop"]["shop_name"], "반려 후 고친 상점");
        let document = app.get_as(&format!("/operator/documents/{}", shop.shop_id), Some(&operator)).await;
        assert_eq!(document.bytes, common::TINY_PDF, "the new document replaced the old one");

        // Only a rejected application can be resubmitted.
        let res = app.post_multipart(ResubmitApplication::PATH, &fixed.parts(), Some(&shop.owner), common::SAME_ORIGIN).await;
        assert_error(&res, 409, "conflict", None);
        assert_eq!(review(&app, &operator, shop.shop_id, "approve", "").await.json(), "approved");
    }
);

db_test!(
    async fn an_operator_suspends_an_approved_shop_with_a_reason_and_can_reinstate_it(app) {
        let shop_id = app.demo_shop_id().await;
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let operator = app.operator().await;
        assert_error(&review(&app, &operator, shop_id, "suspend", "").await, 422, "invalid_input", Some("reason"));
        assert_eq!(app.shop_status(shop_id).await, "approved");

        let reason = "위조 상품 신고가 접수되었습니다.";
        assert_eq!(review(&app, &operator, shop_id, "suspend", reason).await.json(), "suspended");
        let info = app.session_info(&owner).await;
        assert_eq!(info["shop"]["status"], "suspended");
        assert_eq!(info["shop"]["rejection_reason"], reason);
        assert!(app.get_as("/", Some(&owner)).await.body.contains("판매가 정지된 상점입니다"));
        assert!(app.latest_mail(DEMO_OWNER).await.unwrap().body.contains(reason));

        assert_eq!(review(&app, &operator, shop_id, "reinstate", "").await.json(), "approved");
        let info = app.session_info(&owner).await;
        assert_eq!(info["shop"]["status"], "approved");
        assert_eq!(info["shop"]["rejection_reason"], "");
    }
);

db_test!(
    async fn decisions_that_do_not_fit_the_shop_s_state_are_refused(app) {
        let approved = app.demo_shop_id().await;
        let pending = app.open_shop("pending@seongsu-knit.example", "대기 상점", 22).await.shop_id;
        let operator = app.operator().await;
        let before = app.dump().await;
        for (shop_id, decision) in [
            (approved, "approve"),
            (approved, "reject"),
            (approved, "reinstate"),
            (pending, "suspend"),
            (pending, "reinstate"),
        ] {
            let res = review(&app, &operator, shop_id, decision, "사유").await;
            assert_refused(&res, "invalid_transition", None);
        }
        assert_error(&review(&app, &operator, pending, "delete", "사유").await, 422, "invalid_input", Some("decision"));
        assert_error(&review(&app, &operator, 999_999, "approve", "").await, 404, "not_found", None);
        assert_eq!(app.dump().await, before, "nothing changed");

        assert_eq!(review(&app, &operator, pending, "reject", "서류 미비").await.json(), "rejected");
        for decision in ["approve", "reject", "suspend", "reinstate"] {
            assert_refused(&review(&app, &operator, pending, decision, "사유").await, "invalid_transition", None);
        }
        assert_eq!(app.shop_status(pending).await, "rejected");
    }
);

db_test!(
    async fn the_registration_document_is_served_to_operators_only(app) {
        let shop = app.open_shop("document@seongsu-knit.example", "서류 상점", 23).await;
        let path = format!("/operator/documents/{}", shop.shop_id);

        let res = app.get_as(&path, None).await;
        assert_eq!(res.status, 401);
        assert!(!res.bytes.starts_with(b"\x89PNG"));
        // Not even the shop's own owner, nor another shop's.
        for seller in [&shop.owner, &app.sign_in_demo(DEMO_OWNER).await] {
            let res = app.get_as(&path, Some(seller)).await;
            assert_eq!(res.status, 403);
            assert!(!res.bytes.starts_with(b"\x89PNG"));
        }

        let operator = app.operator().await;
        let res = app.get_as(&path, Some(&operator)).await;
        assert_eq!(res.status, 200);
        assert_eq!(res.bytes, common::TINY_PNG);
        assert_eq!(res.header("content-type"), "image/png");
        assert_eq!(res.header("cache-control"), "private, no-store");
        assert_eq!(res.header("x-content-type-options"), "nosniff");

        // The demo shop has no document; unknown shops none either.
        let demo = app.demo_shop_id().await;
        assert_eq!(app.get_as(&format!("/operator/documents/{demo}"), Some(&operator)).await.status, 404);
        assert_eq!(app.get_as("/operator/documents/999999", Some(&operator)).await.status, 404);
        assert_eq!(app.get_as("/operator/documents/..%2Fsecret.key", Some(&operator)).await.status.is_success(), false);
    }
);

db_test!(
    async fn the_developer_mailbox_is_for_operators_unless_in_development_mode(app) {
        app.sign_up(&SignupForm::new("mailbox@seongsu-knit.example", "메일 상점", &business_number(24))).await;
        assert_error(&app.call(ListMailbox::PATH, &[], None).await, 401, "unauthorized", None);
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        assert_forbidden(&app.call(ListMailbox::PATH, &[], Some(&owner)).await);
        let operator = app.operator().await;
        let res = app.call(ListMailbox::PATH, &[], Some(&operator)).await;
        assert_ok(&res);
        assert_eq!(res.json()[0]["to"], "mailbox@seongsu-knit.example");

        app.restart_with(|config| config.dev_mode = true).await;
        let res = app.call(ListMailbox::PATH, &[], None).await;
        assert_ok(&res);
        assert!(res.body.contains("/verify-email?token="));
    }
);

// ---------------------------------------------------------------- cross-origin

db_test!(
    async fn a_cross_origin_post_to_any_server_function_is_refused_and_changes_nothing(app) {
        let owner = app.sign_in_demo(DEMO_OWNER).await;
        let operator = app.operator().await;
        let shop_id = app.demo_shop_id().await.to_string();
        let cs_id = app.user_id(CS).await.to_string();
        let fields: Vec<(&str, &str)> = vec![
            ("email", "victim@knit.example"),
            ("password", NEW_PASSWORD),
            ("password_confirm", NEW_PASSWORD),
            ("current_password", DEMO_PASSWORD),
            ("name", "탈취된 상점"),
            ("shop_name", "탈취된 상점"),
            ("representative_name", "공격자"),
            ("business_number", "105-00-00009"),
            ("mail_order_number", "제2025-해킹-0001호"),
            ("business_address", "어딘가"),
            ("settlement_bank", "토스뱅크"),
            ("settlement_account", "1000-1234-5678"),
            ("settlement_holder", "공격자"),
            ("cs_phone", "0212345678"),
            ("cs_email", "evil@evil.example"),
            ("cs_hours", ""),
            ("introduction", ""),
            ("role", "manager"),
            ("user_id", &cs_id),
            ("shop_id", &shop_id),
            ("decision", "suspend"),
            ("reason", "cross-site"),
            ("status", "all"),
            ("token", "0"),
            ("id", "0"),
        ];
        let before = app.dump().await;
        let paths = common::registered_server_fns();
        assert!(paths.len() > 20, "{paths:?}");
        for path in &paths {
            for session in [&owner, &operator] {
                for headers in [
                    common::CROSS_SITE,
                    &[("origin", "https://evil.example")][..],
                    &[("sec-fetch-site", "same-site"), ("origin", "https://shop.partner.example")][..],
                ] {
                    let res = app.probe(path, &fields, Some(session), headers).await;
                    assert_error(&res, 403, "cross_origin", None);
                }
            }
        }
        assert_eq!(app.dump().await, before, "no cross-origin request changed anything");
        // The owner and operator are still signed in and the shop unchanged.
        assert_eq!(app.session_info(&owner).await["shop"]["shop_name"], DEMO_SHOP_NAME);
        assert_eq!(app.shop_status(app.demo_shop_id().await).await, "approved");
    }
);

// ---------------------------------------------------------------- error statuses

db_test!(
    async fn domain_errors_are_answered_with_a_4xx_status(app) {
        let email = "status@seongsu-knit.example";
        assert_ok(&app.sign_up(&SignupForm::new(email, "상태 상점", &business_number(30))).await);
        let operator = app.operator().await;
        let demo = app.demo_shop_id().await;
        let checks: Vec<(TestResponse, u16)> = vec![
            (app.login(DEMO_OWNER, "Wrong#Password1").await, 401),
            (app.login(email, SELLER_PASSWORD).await, 403),
            (verify(&app, "0").await, 400),
            (app.sign_up(&SignupForm::new(DEMO_OWNER, "x", &business_number(31))).await, 409),
            (app.sign_up(&SignupForm::new("other@seongsu-knit.example", "x", "220-81-62517")).await, 409),
            (review(&app, &operator, demo, "approve", "").await, 409),
            // Arguments that do not parse never reach the function's own error handling.
            (app.call(ChangeStaffRole::PATH, &[("user_id", "not-a-number"), ("role", "cs")], Some(&operator)).await, 400),
            (app.call(GetSession::PATH, &[], None).await, 200),
        ];
        let wrong: Vec<String> = checks
            .iter()
            .filter(|(res, status)| res.status.as_u16() != *status)
            .map(|(res, status)| format!("{} answered {} (expected {status})", res.body, res.status))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }
);
