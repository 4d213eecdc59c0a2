use super::*;

const TOKEN: &str = "tok-Secret/42+x";

fn read(body: &str) -> ErrorBody {
    ErrorBody::read(body, None, &ApiToken::new(TOKEN).unwrap())
}

fn reason(body: &str) -> Option<String> {
    read(body).reason
}

#[test]
fn every_body_shape_gives_its_reason() {
    let cases = [
        (r#"{"message": "Unauthenticated."}"#, "Unauthenticated."),
        (r#"{"message": "The given data was invalid.", "errors": {"a": ["x"]}}"#, "The given data was invalid."),
        (r#"{"error": "invalid_token", "error_description": "The token expired"}"#, "invalid_token: The token expired"),
        (r#"{"error": {"message": "Too many requests", "code": 429}}"#, "Too many requests"),
        (r#"{"errors": ["Email taken", "SKU unknown"]}"#, "Email taken; SKU unknown"),
        (r#"{"errors": "Account suspended"}"#, "Account suspended"),
        (r#"{"errors": {"report_sku": "Unknown SKU.", "applicant_emails.0": ["Bad email."]}}"#, "Bad email.; Unknown SKU."),
        (r#"{"errors": [{"status": "422", "title": "Invalid", "detail": "Email is invalid"}]}"#, "Email is invalid"),
        (r#"{"type": "about:blank", "title": "Service Unavailable", "detail": "Maintenance until 14:00"}"#, "Service Unavailable: Maintenance until 14:00"),
        (r#"{"success": false, "msg": "Forbidden for this plan"}"#, "Forbidden for this plan"),
        (r#""Unauthorized""#, "Unauthorized"),
        ("Service temporarily unavailable\n\nplease retry", "Service temporarily unavailable please retry"),
        ("<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>", "502 Bad Gateway"),
        ("<!DOCTYPE html><html><body><h1>Whoops &amp; sorry</h1><script>var x = 1;</script></body></html>", "Whoops & sorry"),
        ("<div>Server <b>Error</b></div>", "Server Error"),
    ];
    for (body, expected) in cases {
        assert_eq!(reason(body).as_deref(), Some(expected), "{body}");
    }
    for silent in ["", "   ", "{}", r#"{"status": 500}"#, "[]", "null"] {
        assert_eq!(reason(silent), None, "{silent}");
    }
}

#[test]
fn debug_mode_laravel_keeps_only_the_message() {
    let body = r#"{"message": "SQLSTATE[HY000] Connection refused", "exception": "PDOException",
        "file": "/var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php", "line": 712,
        "trace": [{"file": "/var/www/app/x.php"}]}"#;
    assert_eq!(
        reason(body).as_deref(),
        Some("SQLSTATE[HY000] Connection refused")
    );
}

#[test]
fn reasons_are_capped_plain_and_token_free() {
    let long = format!(r#"{{"message": "{}"}}"#, "word ".repeat(200));
    let capped = reason(&long).unwrap();
    assert!(
        capped.chars().count() <= MAX_REASON_CHARS && capped.ends_with('…'),
        "{capped}"
    );
    let echoed = format!(
        r#"{{"message": "Bad token {TOKEN} in https://h/api/x?api_token={}"}}"#,
        "tok-Secret%2F42%2Bx"
    );
    let text = reason(&echoed).unwrap();
    assert!(!text.contains("Secret"), "{text}");
    // A JSON escape or an HTML entity cannot smuggle it back in after decoding.
    let escaped = r#"{"message": "token \u0074ok-Secret\/42+x"}"#;
    assert!(!reason(escaped).unwrap().contains("Secret"));
    let entity = "<title>token &#116;ok-Secret&#x2F;42+x</title>";
    assert!(!reason(entity).unwrap().contains("Secret"));
    assert_eq!(
        reason("line\u{0}one\u{7}\ttwo").as_deref(),
        Some("line one two")
    );
}

#[test]
fn field_errors_from_laravel_and_json_api() {
    let laravel = read(
        r#"{"message": "x", "errors": {"applicant_emails.0": ["The email must be valid."], "report_sku": "Unknown."}}"#,
    );
    assert_eq!(
        laravel.field_errors["applicant_emails.0"],
        ["The email must be valid."]
    );
    assert_eq!(laravel.field_errors["report_sku"], ["Unknown."]);
    let json_api = read(
        r#"{"errors": [
        {"detail": "must be Y", "source": {"pointer": "/data/attributes/terms_agree"}},
        {"detail": "invalid", "source": {"pointer": "/applicant_emails/1"}},
        {"detail": "bad sku", "source": {"parameter": "report_sku"}},
        {"message": "no field here"}]}"#,
    );
    assert_eq!(json_api.field_errors["terms_agree"], ["must be Y"]);
    assert_eq!(json_api.field_errors["applicant_emails.1"], ["invalid"]);
    assert_eq!(json_api.field_errors["report_sku"], ["bad sku"]);
    assert_eq!(json_api.field_errors.len(), 3);
}

#[test]
fn html_content_type_with_a_json_looking_body_is_still_json() {
    let body = ErrorBody::read(
        r#"{"message": "Server Error"}"#,
        Some("text/html; charset=UTF-8"),
        &ApiToken::new(TOKEN).unwrap(),
    );
    assert_eq!(body.reason.as_deref(), Some("Server Error"));
}
