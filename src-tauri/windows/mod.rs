//! The app's windows: the main window, and the quarantined widget windows.

pub mod close;
pub mod external;
pub mod main_window;
pub mod widget_window;

#[cfg(test)]
mod capabilities;
