//! A bare Tauri 2 app: one window showing a static page. It exists only as the baseline the
//! release bundles are measured against (`scripts/bundle-bench`, `docs/PERFORMANCE.md`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the bare app");
}
