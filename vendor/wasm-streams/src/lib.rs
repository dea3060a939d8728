//! Stand-in for `wasm-streams` 0.5, which Leptos links through
//! `server_fn`'s browser client (enabled by every Leptos build) although
//! the checkout has no server function.
//!
//! The real crate exports three `#[wasm_bindgen]` classes
//! (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`,
//! `IntoUnderlyingSink`). Exports are roots the linker must keep, so their
//! code, their futures and their JavaScript glue were shipped in every
//! build, used or not. This crate has the two calls `server_fn` makes, with
//! the same signatures, and no export; both throw, since only a streaming
//! server function would reach them.

use core::pin::Pin;
use core::task::{Context, Poll};
use futures_core::Stream;
use wasm_bindgen::JsValue;

/// What `server_fn` would stream through, were it called.
const UNSUPPORTED: &str = "booking-checkout: streaming server functions are not supported";

/// The raw types `server_fn` names.
pub mod readable {
    /// The browser's own stream types.
    pub mod sys {
        pub use web_sys::ReadableStream;
    }
    pub use super::{IntoStream, ReadableStream};
}

/// A browser `ReadableStream`, as `server_fn` holds one.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps the browser's stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// The browser's stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// A streaming request body: not supported (throws).
    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        wasm_bindgen::throw_str(UNSUPPORTED)
    }

    /// A streaming response body: not supported (throws).
    pub fn into_stream(self) -> IntoStream<'static> {
        wasm_bindgen::throw_str(UNSUPPORTED)
    }
}

/// The type [`ReadableStream::into_stream`] names; never made.
pub struct IntoStream<'reader> {
    _never: core::convert::Infallible,
    _reader: core::marker::PhantomData<&'reader ()>,
}

impl Stream for IntoStream<'_> {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self._never {}
    }
}
