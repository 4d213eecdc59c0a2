// Shared by `build.rs` (ACL manifest) and the app (a test compares it with the registered commands).
pub const APP_COMMANDS: &[&str] = &["app_info"];
