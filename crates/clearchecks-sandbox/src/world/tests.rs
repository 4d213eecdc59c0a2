use super::*;

fn world(auto: Option<u64>, complete: Option<u64>) -> World {
    let config = SandboxConfig::empty()
        .account("t1", "One", 0)
        .auto_submit_after(auto.map(Duration::from_secs))
        .complete_after(complete.map(Duration::from_secs));
    World::from_config(&config, Utc::now())
}

#[test]
fn clock_moves_a_to_p_to_c_and_flags_records() {
    let mut w = world(Some(10), Some(20));
    let now = Utc::now();
    let emails = vec![
        "a@example.com".to_owned(),
        "b+records@example.com".to_owned(),
    ];
    let placed = w.place_orders(1, "HIRE1", &emails, &AddOns::default(), now);
    w.tick(now + chrono::Duration::seconds(5));
    assert_eq!(
        w.order(&placed[0].report_key).unwrap().status,
        ReportStatus::A
    );
    w.tick(now + chrono::Duration::seconds(15));
    assert_eq!(
        w.order(&placed[0].report_key).unwrap().status,
        ReportStatus::P
    );
    w.tick(now + chrono::Duration::seconds(31));
    let clear = w.order(&placed[0].report_key).unwrap();
    let flagged = w.order(&placed[1].report_key).unwrap();
    assert_eq!(
        (clear.status, clear.flagged_for_end_user_review),
        (ReportStatus::C, false)
    );
    assert_eq!(
        (flagged.status, flagged.flagged_for_end_user_review),
        (ReportStatus::C, true)
    );
    assert!(w.scheduled.is_empty());
}

#[test]
fn manual_transitions_follow_the_status_model() {
    let mut w = world(None, None);
    let now = Utc::now();
    let key = w.place_orders(
        1,
        "HIRE2",
        &["x@example.com".to_owned()],
        &AddOns::default(),
        now,
    )[0]
    .report_key
    .clone();
    assert!(!w.advance(&key, now));
    assert!(!w.adverse(&key, AdverseStage::Pre));
    assert!(w.submit(&key, None, now).is_ok());
    assert_eq!(
        w.submit(&key, None, now).unwrap_err(),
        SubmitError::AlreadySubmitted
    );
    assert!(w.advance(&key, now));
    assert!(!w.adverse(&key, AdverseStage::Final));
    assert!(w.adverse(&key, AdverseStage::Pre));
    assert!(w.adverse(&key, AdverseStage::Final));
    assert_eq!(w.order(&key).unwrap().status, ReportStatus::X);
}
