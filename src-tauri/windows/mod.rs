//! The app's windows: the main window, and (later) the quarantined widget windows.

pub mod main_window;
