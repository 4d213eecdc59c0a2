//! Managed state, registered once in `setup` and cheap to clone.

use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    launched_in_demo: bool,
}

impl AppState {
    pub fn new(launched_in_demo: bool) -> Self {
        AppState { inner: Arc::new(Inner { launched_in_demo }) }
    }

    pub fn launched_in_demo(&self) -> bool {
        self.inner.launched_in_demo
    }
}
